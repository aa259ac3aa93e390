namespace ActorTrap.Node.Configuration;

/// <summary>One entry of <c>actortrap.dnsbl.zones</c>.</summary>
/// <param name="Zone">The DNSBL's domain, without a trailing dot.</param>
/// <param name="Weight">Added to the score when the zone lists the client.</param>
/// <param name="Codes">The answer filter as written, postscreen syntax.</param>
/// <param name="Txt">Whether the TXT reason is fetched for listings.</param>
/// <param name="Enabled">Whether the zone is asked at all.</param>
public sealed record DnsblZoneOptions(string Zone, double Weight, string Codes, bool Txt, bool Enabled);

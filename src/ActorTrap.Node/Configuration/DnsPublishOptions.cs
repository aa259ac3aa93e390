using System.Net;

namespace ActorTrap.Node.Configuration;

/// <summary><c>actortrap.publish.dns</c>: the built-in DNSBL responder.</summary>
/// <param name="Listen">UDP and TCP addresses to answer on; empty turns the responder off.</param>
/// <param name="Zone">The zone we are authoritative for, lower case, without the trailing dot.</param>
/// <param name="Nameservers">NS names of the zone apex.</param>
/// <param name="Hostmaster">SOA RNAME in domain form (<c>hostmaster.bl.example.org</c>).</param>
/// <param name="Ttl">TTL of A and TXT answers (and of SOA/NS).</param>
/// <param name="NegativeTtl">SOA MINIMUM: how long resolvers cache "not listed" (RFC 2308).</param>
/// <param name="TxtTemplate">TXT text; see <c>TxtTemplate</c> for the placeholders.</param>
/// <param name="RateLimitPerSecond">Responses per second per source /24 (IPv4) or /56 (IPv6); 0 turns the limit off.</param>
/// <param name="RateLimitBurst">Responses a source network may get at once before the rate applies.</param>
/// <param name="TcpIdleTimeout">A TCP connection with no complete query for this long is closed.</param>
/// <param name="TcpMaxConnections">Open TCP connections over all listen addresses; more are closed at accept.</param>
public sealed record DnsPublishOptions(
    IReadOnlyList<IPEndPoint> Listen,
    string Zone,
    IReadOnlyList<string> Nameservers,
    string Hostmaster,
    TimeSpan Ttl,
    TimeSpan NegativeTtl,
    ListingCodes Codes,
    string TxtTemplate,
    int RateLimitPerSecond,
    int RateLimitBurst,
    TimeSpan TcpIdleTimeout,
    int TcpMaxConnections)
{
    public bool Enabled => Listen.Count > 0;

    /// <summary>
    /// <c>actortrap.traps.harvesters.block</c>: harvester listings are answered in the zone (with their own code) and
    /// written to the rbldnsd file. Off by default: a harvester listing informs and must not block mail.
    /// </summary>
    public bool PublishHarvesters { get; init; }

    /// <summary>Whether <paramref name="listing"/> is published in the zone and the rbldnsd file.</summary>
    public bool Publishes(ActorTrap.Node.Reputation.Listing listing) =>
        PublishHarvesters || listing.Class != ActorTrap.Node.Reputation.ListingClass.Harvester;
}

namespace ActorTrap.Node.Configuration;

/// <summary><c>actortrap.dnsbl</c>: which DNS blacklists to ask and when a client counts as listed.</summary>
/// <param name="Threshold">Weighted score at or above which a client is listed.</param>
/// <param name="Zones">Every configured zone, enabled or not (disabled ones stay visible to operators).</param>
public sealed record DnsblOptions(double Threshold, IReadOnlyList<DnsblZoneOptions> Zones)
{
    /// <summary><c>self-test-interval</c>: how often each zone's RFC 5782 self-test runs (30 min, Haraka dns-list's periodic_checks); zero turns it off.</summary>
    public TimeSpan SelfTestInterval { get; init; } = TimeSpan.FromMinutes(30);
}

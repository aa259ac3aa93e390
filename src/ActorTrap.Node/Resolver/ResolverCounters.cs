using ActorTrap.Node.Configuration;

namespace ActorTrap.Node.Resolver;

/// <summary>
/// Per-zone counters of the resolver's client checks. Made outside the actor and handed to it, so a restart of the
/// resolver keeps counting where it was and /metrics and the admin API read the same numbers.
/// </summary>
internal sealed class ResolverCounters
{
    private readonly Dictionary<string, ZoneCounters> zones;

    /// <param name="dnsbl">Every configured zone gets counters, disabled ones too (they stay at zero).</param>
    public ResolverCounters(DnsblOptions dnsbl)
    {
        ArgumentNullException.ThrowIfNull(dnsbl);
        // Built once and only read afterwards, so readers on other threads need no lock.
        zones = dnsbl.Zones.DistinctBy(z => z.Zone, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(z => z.Zone, z => new ZoneCounters(z.Zone), StringComparer.OrdinalIgnoreCase);
    }

    public IEnumerable<ZoneCounters> Zones => zones.Values;

    public ZoneCounters? For(string zone) => zones.GetValueOrDefault(zone);

    /// <summary>Counts one finished check of a client: each zone's outcome; all of them cache hits when the whole report was cached.</summary>
    public void Answered(DnsblReport report, bool wholeFromCache)
    {
        foreach (var result in report.Zones)
        {
            if (For(result.Zone) is not { } zone)
            {
                continue;
            }

            zone.Checked(result.Status);
            if (wholeFromCache && result.Status != ZoneStatus.Disabled)
            {
                zone.CacheHit();
            }
        }
    }
}

using ActorTrap.Node.Configuration;

namespace ActorTrap.Node.Resolver;

/// <summary>
/// Per-zone counters of the resolver's client checks. Made outside the actor and handed to it, so a restart of the
/// resolver keeps counting where it was and /metrics and the admin API read the same numbers.
/// </summary>
internal sealed class ResolverCounters
{
    // Replaced whole (copy on write) when a reload adds zones, so readers on other threads need no lock.
    private volatile Dictionary<string, ZoneCounters> zones;

    /// <param name="dnsbl">Every configured zone gets counters, disabled ones too (they stay at zero).</param>
    public ResolverCounters(DnsblOptions dnsbl)
    {
        ArgumentNullException.ThrowIfNull(dnsbl);
        zones = dnsbl.Zones.DistinctBy(z => z.Zone, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(z => z.Zone, z => new ZoneCounters(z.Zone), StringComparer.OrdinalIgnoreCase);
    }

    public IEnumerable<ZoneCounters> Zones => zones.Values;

    /// <summary>Counters for the zones a reload added; a zone removed keeps its counters (they stop moving), as /metrics expects of a counter.</summary>
    public void Add(DnsblOptions dnsbl)
    {
        ArgumentNullException.ThrowIfNull(dnsbl);
        var current = zones;
        var added = dnsbl.Zones.Where(z => !current.ContainsKey(z.Zone)).DistinctBy(z => z.Zone, StringComparer.OrdinalIgnoreCase).ToList();
        if (added.Count == 0)
        {
            return;
        }

        var next = new Dictionary<string, ZoneCounters>(current, StringComparer.OrdinalIgnoreCase);
        foreach (var z in added)
        {
            next[z.Zone] = new ZoneCounters(z.Zone);
        }

        zones = next;
    }

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

using System.Diagnostics.Metrics;
using ActorTrap.Node.Metrics;
using ActorTrap.Node.Resolver.Transport;

namespace ActorTrap.Node.Resolver;

/// <summary>
/// The resolver's instruments (meter <c>ActorTrap.Dns</c>): per-zone client checks, listings, errors and cache hits,
/// and the DNS transport's (DnsClient's) queries and timeouts. Observed from the same counters <c>/api/dns/stats</c> answers with.
/// Zone names are configuration, so the <c>zone</c> label stays a small set.
/// </summary>
internal sealed class DnsMetrics : IDisposable
{
    private readonly Meter meter;

    public DnsMetrics(ResolverCounters counters, Func<DnsTransportStats> client, NodeMeters? meters = null)
    {
        meter = (meters ?? NodeMeters.Unscoped).Create(MeterNames.Dns);
        PerZone("actortrap.dns.zone.checks", counters, z => z.Checks, "Client checks that asked the zone, by zone");
        PerZone("actortrap.dns.zone.listed", counters, z => z.Listed, "Client checks the zone answered listed, by zone");
        PerZone("actortrap.dns.zone.errors", counters, z => z.Errors, "Client checks without a usable answer from the zone (timeout, error code, budget), by zone");
        PerZone("actortrap.dns.zone.cache.hits", counters, z => z.CacheHits, "Client checks answered from the resolver cache, by zone");
        PerZone("actortrap.dns.zone.skipped", counters, z => z.Skipped, "Client checks that skipped the zone because its self-test disabled it, by zone");
        meter.CreateObservableCounter("actortrap.dns.queries", () => client().Queries, description: "Questions sent to the DNS client (resolver cache misses)");
        meter.CreateObservableCounter("actortrap.dns.timeouts", () => client().Timeouts, description: "Servers that gave no answer in time (every try timed out), or questions the lookup budget cut short");
        meter.CreateObservableCounter("actortrap.dns.mismatched", () => client().Mismatched, description: "Answers refused for a wrong id or question (spoofing attempts or stale answers)");
        meter.CreateObservableGauge("actortrap.dns.in.flight", () => client().InFlight, description: "DNS queries waiting for an answer now");
    }

    public void Dispose() => meter.Dispose();

    private void PerZone(string name, ResolverCounters counters, Func<ZoneCounters, long> read, string description) =>
        meter.CreateObservableCounter(name, () => counters.Zones.Select(z => new Measurement<long>(read(z), new KeyValuePair<string, object?>("zone", z.Zone))),
            description: description);
}

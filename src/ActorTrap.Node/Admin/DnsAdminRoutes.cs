using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using ActorTrap.Node.Resolver;
using ActorTrap.Node.Resolver.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorTrap.Node.Admin;

/// <summary>
/// <c>GET /api/dns/stats</c>, the DNS section of <c>ctl stats</c> and the dashboard's zone table: the DNS transport's
/// counters, the resolver's cache, and per DNSBL zone its state (enabled, disabled by self-test, disabled in
/// configuration) with its checks, listings, errors and cache hits and their rates, the counters /metrics shows.
/// 503 <c>{error}</c> when the resolver does not answer within 5 s.
/// </summary>
internal sealed class DnsAdminRoutes(Func<DnsTransportStats> client, IActorRef resolver, ResolverCounters counters) : IAdminRoutes
{
    /// <summary>The resolver answers from memory; 5 s means its mailbox is stuck.</summary>
    private static readonly TimeSpan AskLimit = TimeSpan.FromSeconds(5);

    public void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/dns/stats", async (CancellationToken ct) =>
        {
            ResolverStats stats;
            List<ZoneHealth> zones;
            try
            {
                // Bounded in real time as well: the node's clock may be virtual, and the Ask timeout runs on it.
                var statsAsk = resolver.Ask<ResolverStats>(new GetResolverStats(), AskLimit, ct).WaitAsync(AskLimit, TimeProvider.System, ct);
                var zonesAsk = resolver.Ask<List<ZoneHealth>>(new GetZoneHealth(), AskLimit, ct).WaitAsync(AskLimit, TimeProvider.System, ct);
                (stats, zones) = (await statsAsk.ConfigureAwait(false), await zonesAsk.ConfigureAwait(false));
            }
            catch (Exception e) when (e is AskTimeoutException or TimeoutException)
            {
                return Results.Json(new { error = "the resolver did not answer within 5 s" }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            var c = client();
            var lookups = stats.CacheHits + stats.CacheMisses;
            return Results.Json(new
            {
                c.Queries,
                c.Timeouts,
                c.NetworkErrors,
                c.Malformed,
                c.Mismatched,
                c.Rejected,
                c.InFlight,
                c.Queued,
                Cache = new
                {
                    Hits = stats.CacheHits,
                    Misses = stats.CacheMisses,
                    HitRate = lookups == 0 ? 0 : Math.Round((double)stats.CacheHits / lookups, 4),
                    Entries = stats.CacheEntries,
                    stats.ReportHits,
                },
                Resolver = new { stats.QueriesSent, stats.InFlight, stats.PendingRequests },
                Zones = zones.Select(Zone),
            });
        });

    private object Zone(ZoneHealth health)
    {
        var c = counters.For(health.Zone);
        var (checks, errors, hits) = (c?.Checks ?? 0, c?.Errors ?? 0, c?.CacheHits ?? 0);
        return new
        {
            health.Zone,
            health.Configured,
            health.Enabled,
            State = !health.Configured ? "disabled in configuration" : health.Enabled ? "enabled" : "disabled by self-test",
            health.Weight, // the resolver's, so that a reload's new weight shows once it is in effect
            Queries = checks,
            Listed = c?.Listed ?? 0,
            Errors = errors,
            CacheHits = hits,
            Skipped = c?.Skipped ?? 0,
            ErrorRate = Rate(errors, checks),
            CacheHitRate = Rate(hits, checks),
            health.LastChecked,
            health.LastFailure,
            health.NextRetry, // when a failing self-test is tried again (issue 16); null while the zone passes
        };
    }

    /// <summary>Null rather than 0 or NaN while the zone was not asked: "no data" is not "never fails".</summary>
    private static double? Rate(long part, long whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);
}

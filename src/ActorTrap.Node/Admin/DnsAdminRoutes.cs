using ActorTrap.Actors;
using ActorTrap.Dns.Client;
using ActorTrap.Node.Resolver;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorTrap.Node.Admin;

/// <summary>
/// <c>GET /api/dns/stats</c>, the DNS section of <c>ctl stats</c>: the DNS client's counters (tries, timeouts, forged or
/// malformed answers dropped), the resolver actor's cache, and each DNSBL zone's self-test state. 503 <c>{error}</c>
/// when the resolver does not answer within 5 s.
/// </summary>
internal sealed class DnsAdminRoutes(Func<DnsClientStats> client, IActorRef resolver) : IAdminRoutes
{
    /// <summary>The resolver answers from memory; 5 s means its mailbox is stuck.</summary>
    private static readonly TimeSpan AskLimit = TimeSpan.FromSeconds(5);

    public void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/dns/stats", async (CancellationToken ct) =>
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
                Queries = c.Queries,
                c.Tries,
                c.Timeouts,
                c.NetworkErrors,
                c.TcpFallbacks,
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
                    ReportHits = stats.ReportHits,
                },
                Resolver = new { stats.QueriesSent, stats.InFlight, stats.PendingRequests },
                Zones = zones.Select(z => new { z.Zone, z.Configured, z.Enabled, z.LastFailure, z.LastChecked }),
            });
        });
}

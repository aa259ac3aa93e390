using ActorTrap.Actors;
using ActorTrap.Dns.Client;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Resolver;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorTrap.Node.Admin;

/// <summary>
/// <c>GET /api/dns/stats</c>: the DNS client's counters, the resolver's cache, and per DNSBL zone its state (enabled,
/// disabled by self-test, disabled in configuration), checks, listings, errors and cache hits with their rates. The
/// <c>dns</c> section of <c>ctl stats</c> and the dashboard's zone table; the counters are those /metrics shows.
/// </summary>
internal sealed class DnsAdminRoutes(IActorRef resolver, ResolverCounters counters, Func<DnsClientStats> client, DnsblOptions dnsbl) : IAdminRoutes
{
    /// <summary>Real time, whatever clock the actors run on: an admin request must not hang on a stalled resolver.</summary>
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(5);

    public void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/dns/stats", async (CancellationToken cancellationToken) =>
        {
            List<ZoneHealth> health;
            ResolverStats cache;
            try
            {
                var askHealth = resolver.Ask<List<ZoneHealth>>(new GetZoneHealth(), QueryTimeout, cancellationToken);
                var askStats = resolver.Ask<ResolverStats>(new GetResolverStats(), QueryTimeout, cancellationToken);
                await Task.WhenAll(askHealth, askStats).WaitAsync(QueryTimeout, TimeProvider.System, cancellationToken).ConfigureAwait(false);
                (health, cache) = (askHealth.Result, askStats.Result);
            }
            catch (Exception e) when (e is TimeoutException or AskTimeoutException)
            {
                return Results.Json(new { error = "the resolver did not answer within 5 s" }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            var dns = client();
            return Results.Json(new
            {
                queries = dns.Queries,
                tries = dns.Tries,
                timeouts = dns.Timeouts,
                networkErrors = dns.NetworkErrors,
                mismatched = dns.Mismatched,
                malformed = dns.Malformed,
                rejected = dns.Rejected,
                inFlight = dns.InFlight,
                queued = dns.Queued,
                cacheHits = cache.CacheHits,
                cacheMisses = cache.CacheMisses,
                cacheHitRate = Rate(cache.CacheHits, cache.CacheHits + cache.CacheMisses),
                cacheEntries = cache.CacheEntries,
                reportHits = cache.ReportHits,
                zones = health.Select(Zone),
            });
        });

    private object Zone(ZoneHealth health)
    {
        var c = counters.For(health.Zone);
        var (checks, errors, hits) = (c?.Checks ?? 0, c?.Errors ?? 0, c?.CacheHits ?? 0);
        return new
        {
            zone = health.Zone,
            weight = dnsbl.Zones.FirstOrDefault(z => string.Equals(z.Zone, health.Zone, StringComparison.OrdinalIgnoreCase))?.Weight,
            state = !health.Configured ? "disabled in configuration" : health.Enabled ? "enabled" : "disabled by self-test",
            enabled = health.Enabled,
            queries = checks,
            listed = c?.Listed ?? 0,
            errors,
            cacheHits = hits,
            skipped = c?.Skipped ?? 0,
            errorRate = Rate(errors, checks),
            cacheHitRate = Rate(hits, checks),
            lastChecked = health.LastChecked,
            lastFailure = health.LastFailure,
        };
    }

    /// <summary>Null rather than 0 or NaN when nothing was counted yet: "no data" is not "never fails".</summary>
    private static double? Rate(long part, long whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);
}

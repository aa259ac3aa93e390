using ActorTrap.Actors;
using ActorTrap.Dns.Client;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Resolver;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorTrap.Node.Admin;

/// <summary>
/// <c>GET /api/dns/stats</c>, the DNS section of <c>ctl stats</c>: the DNS client's counters (tries, timeouts, forged or
/// malformed answers dropped), the resolver's cache, and each DNSBL zone's state (enabled, disabled by its RFC 5782
/// self-test, disabled in configuration). 503 <c>{error}</c> when the resolver does not answer within 5 s.
/// </summary>
internal sealed class DnsAdminRoutes(IActorRef resolver, Func<DnsClientStats> client, DnsblOptions dnsbl) : IAdminRoutes
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
                tcpFallbacks = dns.TcpFallbacks,
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
                zones = health.Select(z => new
                {
                    zone = z.Zone,
                    weight = dnsbl.Zones.FirstOrDefault(c => string.Equals(c.Zone, z.Zone, StringComparison.OrdinalIgnoreCase))?.Weight,
                    state = !z.Configured ? "disabled in configuration" : z.Enabled ? "enabled" : "disabled by self-test",
                    enabled = z.Enabled,
                    lastChecked = z.LastChecked,
                    lastFailure = z.LastFailure,
                }),
            });
        });

    /// <summary>Null rather than 0 or NaN when nothing was counted yet: "no data" is not "never fails".</summary>
    private static double? Rate(long part, long whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);
}

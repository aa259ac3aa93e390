using ActorTrap.Node.Reputation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Admin;

/// <summary>
/// The reputation entities' shards in the admin API, what <c>ctl shards regions|stats</c> call:
/// <c>GET /api/shards/regions</c> (each member's region, its shards and their entities: Akka's cluster sharding
/// stats), <c>GET /api/shards/stats</c> (entities per shard cluster-wide, and this node's store writers), and
/// <c>GET /api/shards</c>, this node's writers alone (what ctl before issue 14 reads). 503 <c>{error}</c> when the
/// region or the writers do not answer in time.
/// </summary>
internal sealed class ShardAdminRoutes(ReputationService reputation, ILogger logger) : IAdminRoutes
{
    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/shards", (HttpRequest http, CancellationToken aborted) => Guard(http, aborted, async ct =>
            Results.Json((await reputation.GetShardStatsAsync(ct).ConfigureAwait(false)).OrderBy(s => s.Shard).Select(ReputationJson.Shard))));
        routes.MapGet("/api/shards/regions", (HttpRequest http, CancellationToken aborted) => Guard(http, aborted, async ct =>
        {
            var regions = reputation.GetRegionStatsAsync(ct);
            var cluster = reputation.GetClusterStateAsync(ct);
            return Results.Json(ShardJson.Regions(await regions.ConfigureAwait(false), await cluster.ConfigureAwait(false), reputation.ShardCount));
        }));
        routes.MapGet("/api/shards/stats", (HttpRequest http, CancellationToken aborted) => Guard(http, aborted, async ct =>
        {
            var regions = reputation.GetRegionStatsAsync(ct);
            var cluster = reputation.GetClusterStateAsync(ct);
            var writers = reputation.GetShardStatsAsync(ct);
            return Results.Json(ShardJson.Stats(await regions.ConfigureAwait(false), await cluster.ConfigureAwait(false), reputation.ShardCount,
                await writers.ConfigureAwait(false)));
        }));
    }

    private Task<IResult> Guard(HttpRequest http, CancellationToken aborted, Func<CancellationToken, Task<IResult>> handler) =>
        AdminReplies.GuardAsync(http, aborted, reputation.StoreKind, logger, handler);
}

using ActorTrap.Node.Reputation.Blacklist;
using ActorTrap.Node.Reputation.Store;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Reputation.Cluster;

/// <summary>Ends listings whose TTL ran out. With PostgreSQL the other nodes hear of it by NOTIFY; this node's copy is updated here.</summary>
internal sealed class ListingExpiryChore(IReputationStore store, LocalBlacklist blacklist, ReputationCounters counters, ILogger logger) : IClusterChore
{
    public string Name => "listing-expiry";

    public async Task RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var expired = await store.ExpireListingsAsync(now, cancellationToken).ConfigureAwait(false);
        foreach (var address in expired)
        {
            blacklist.Remove(address);
        }

        if (expired.Count > 0)
        {
            counters.DelistedMany(expired.Count);
            Log.Expired(logger, expired.Count);
        }
    }
}

using ActorTrap.Node.Reputation.Blacklist;
using ActorTrap.Node.Reputation.Store;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Reputation.Cluster;

/// <summary>
/// Ends scored listings whose TTL ran out and manual listings whose expiry passed: this node's copy at once, every
/// node's by announcement.
/// </summary>
internal sealed class ListingExpiryChore(IReputationStore store, LocalBlacklist blacklist, ReputationCounters counters, ILogger logger,
    Action<Sharding.ListingChange> announce) : IClusterChore
{
    public string Name => "listing-expiry";

    public async Task RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var expired = await store.ExpireListingsAsync(now, cancellationToken).ConfigureAwait(false);
        foreach (var address in expired)
        {
            blacklist.Remove(address);
            announce(Sharding.ListingChange.Delisted(address));
        }

        if (expired.Count > 0)
        {
            counters.DelistedMany(expired.Count);
            Log.Expired(logger, expired.Count);
        }

        foreach (var network in await store.ExpireManualListingsAsync(now, cancellationToken).ConfigureAwait(false))
        {
            blacklist.RemoveManual(network);
            announce(Sharding.ListingChange.ManualDelisted(network));
            Log.ManualExpired(logger, network.ToString());
        }
    }
}

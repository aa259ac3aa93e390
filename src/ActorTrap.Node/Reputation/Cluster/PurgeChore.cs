using ActorTrap.Node.Reputation.Store;

namespace ActorTrap.Node.Reputation.Cluster;

/// <summary>
/// Deletes unlisted addresses not seen for <c>retention</c> and the verdict ids applied before then (why that is long
/// enough: <see cref="IReputationStore.PurgeAsync"/>), at most once per <paramref name="every"/> (a full scan).
/// </summary>
internal sealed class PurgeChore(IReputationStore store, TimeSpan retention, TimeSpan every) : IClusterChore
{
    private DateTimeOffset? last;

    public string Name => "purge";

    public long Purged { get; private set; }

    public async Task RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (last is { } l && now - l < every)
        {
            return;
        }

        last = now;
        Purged += await store.PurgeAsync(now - retention, cancellationToken).ConfigureAwait(false);
    }
}

using System.Net;
using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using ActorTrap.Node.Reputation.Cluster;
using ActorTrap.Node.Reputation.Scoring;
using ActorTrap.Node.Reputation.Shards;
using ActorTrap.Node.Reputation.Store;
using ActorTrap.Node.Session;

namespace ActorTrap.Node.Reputation;

/// <summary>Manual list/delist and the queries behind <c>ctl cluster</c>, <c>ctl shards</c>, <c>ctl lookup</c>.</summary>
public sealed partial class ReputationService
{
    private const int MaxTextLength = 200;

    /// <summary>Admin queries wait this long (real time, whatever the node's clock) for the actors to answer.</summary>
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Lists a network (or one address) by hand until delisted; every node sees it within a second.</summary>
    /// <param name="actor">Who did it (recorded in the audit table).</param>
    public async Task<Listing> ListAsync(IPNetwork network, string reason, string actor, CancellationToken cancellationToken = default)
    {
        var (r, a) = (Clean(reason, nameof(reason)), Clean(actor, nameof(actor)));
        var listing = await store.ManualListAsync(network, r, a, Scorer.TruncateToMilliseconds(clock.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        blacklist.Apply(listing);
        Log.ManualListed(logger, $"{listing.Address}/{listing.PrefixLength}", a, r);
        return listing;
    }

    /// <summary>
    /// Removes the manual listing of exactly <paramref name="network"/> and ends the scored listings inside it
    /// (their scores restart from zero; new evidence can list them again; use <c>reputation.allow</c> to exempt a network for good).
    /// </summary>
    public async Task<ManualDelistResult> DelistAsync(IPNetwork network, string reason, string actor, CancellationToken cancellationToken = default)
    {
        var (r, a) = (Clean(reason, nameof(reason)), Clean(actor, nameof(actor)));
        var result = await store.ManualDelistAsync(network, r, a, Scorer.TruncateToMilliseconds(clock.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        if (result.ManualRemoved)
        {
            blacklist.RemoveManual(network);
        }

        foreach (var address in result.Delisted)
        {
            blacklist.Remove(address);
        }

        Log.ManualDelisted(logger, Networks.Normalise(network).ToString(), a, result.Delisted.Count, r);
        return result;
    }

    /// <summary>Registers <paramref name="endpoint"/> as this node's address unless <c>actortrap.cluster.address</c> is set.</summary>
    public void AdvertiseAdminEndpoint(IPEndPoint endpoint)
    {
        if (!addressConfigured)
        {
            refs.Cluster.Tell(new AdvertiseAddress(Configuration.ListenAddress.Format(endpoint)));
        }
    }

    public Task<IReadOnlyList<ManualAction>> ManualActionsAsync(int max, CancellationToken cancellationToken = default) =>
        store.ManualActionsAsync(Math.Clamp(max, 1, 10_000), cancellationToken);

    public Task<ClusterState> GetClusterStateAsync(CancellationToken cancellationToken = default) =>
        refs.Cluster.Ask<ClusterState>(GetClusterState.Instance, QueryTimeout, cancellationToken).WaitAsync(QueryTimeout, TimeProvider.System, cancellationToken);

    public async Task<IReadOnlyList<ShardStats>> GetShardStatsAsync(CancellationToken cancellationToken = default) =>
        await Task.WhenAll(refs.Shards.Select(s => s.Ask<ShardStats>(GetShardStats.Instance, QueryTimeout, cancellationToken)))
            .WaitAsync(QueryTimeout, TimeProvider.System, cancellationToken).ConfigureAwait(false);

    /// <summary>What the store holds about <paramref name="address"/>, its score decayed to now, and this node's listing for it.</summary>
    public async Task<AddressReputation> LookupAsync(IPAddress address, CancellationToken cancellationToken = default)
    {
        var normal = Networks.NormaliseAddress(address);
        var record = await store.GetAsync(normal, cancellationToken).ConfigureAwait(false);
        blacklist.TryGet(normal, out var listing);
        var now = clock.GetUtcNow();
        return new AddressReputation(normal, router.ShardFor(normal),
            record is null ? 0 : Scorer.Decay(record.Score, record.ScoreAt, now, options.HalfLife),
            record?.Verdicts ?? 0, record?.Reasons ?? [], record?.FirstSeen, record?.LastSeen, listing)
        {
            Standing = record is null ? 0 : Scorer.Standing(record, now, scoring),
            SoftSins = record is null ? [] : [.. SessionEvidence.Kinds(Scorer.SoftKindsAt(record.SoftKinds, record.SoftSince, now, scoring)).Select(k => k.WireName())],
            Virtue = record is null ? 0 : Scorer.Decay(record.Virtue, record.ScoreAt, now, options.HalfLife),
        };
    }

    /// <summary>Reason and actor texts reach logs and the audit table: printable ASCII-safe, bounded.</summary>
    private static string Clean(string text, string name)
    {
        ArgumentNullException.ThrowIfNull(text, name);
        var cleaned = new string(text.Where(c => !char.IsControl(c)).Take(MaxTextLength).ToArray()).Trim();
        if (cleaned.Length == 0)
        {
            throw new ArgumentException($"{name} must not be empty", name);
        }

        return cleaned;
    }
}

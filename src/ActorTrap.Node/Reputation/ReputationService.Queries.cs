using System.Net;
using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using Akka.Cluster.Sharding;
using ActorTrap.Node.Reputation.Blacklist;
using ActorTrap.Node.Reputation.Cluster;
using ActorTrap.Node.Reputation.Scoring;
using ActorTrap.Node.Reputation.Sharding;
using ActorTrap.Node.Reputation.Shards;
using ActorTrap.Node.Reputation.Store;
using ActorTrap.Node.Session;

namespace ActorTrap.Node.Reputation;

/// <summary>Manual list/delist and the queries behind <c>ctl cluster show</c>, <c>ctl shards regions|stats</c>, <c>ctl lookup</c>.</summary>
public sealed partial class ReputationService
{
    private const int MaxTextLength = 200;

    /// <summary>Admin queries wait this long (real time, whatever the node's clock) for the actors to answer.</summary>
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Lists a network (or one address) by hand until delisted; every node sees it within a second.</summary>
    /// <param name="actor">Who did it (recorded in the audit table).</param>
    public async Task<Listing> ListAsync(IPNetwork network, string reason, string actor, CancellationToken cancellationToken = default) =>
        (await ListAsync([network], reason, actor, null, cancellationToken).ConfigureAwait(false))[0];

    /// <summary>
    /// Lists networks by hand in one store transaction (all or none), each audited; every node sees them within a
    /// second, as any listing change (announced on the listings topic). With <paramref name="expiresAfter"/> each
    /// lapses that long from now (the expiry chore ends it); without, it stays until delisted.
    /// </summary>
    public async Task<IReadOnlyList<Listing>> ListAsync(IReadOnlyList<IPNetwork> networks, string reason, string actor, TimeSpan? expiresAfter,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(networks);
        var (r, a) = (Clean(reason, nameof(reason)), Clean(actor, nameof(actor)));
        var now = Scorer.TruncateToMilliseconds(clock.GetUtcNow());
        DateTimeOffset? expires = expiresAfter is { } after ? now + after : null;
        var listings = await store.ManualListAsync(networks, r, a, expires, now, cancellationToken).ConfigureAwait(false);
        blacklist.ApplyRun([.. listings.Select(BlacklistChange.Of)]);
        foreach (var listing in listings)
        {
            ListingsActor.Announce(system, ListingChange.Listed(listing));
        }

        if (listings.Count == 1)
        {
            Log.ManualListed(logger, $"{listings[0].Address}/{listings[0].PrefixLength}", a, r);
        }
        else if (listings.Count > 1)
        {
            Log.ManualListedMany(logger, listings.Count, a, expires is { } e ? e.ToString("O", System.Globalization.CultureInfo.InvariantCulture) : "never", r);
        }

        return listings;
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
            ListingsActor.Announce(system, ListingChange.ManualDelisted(Networks.Normalise(network)));
        }

        foreach (var address in result.Delisted)
        {
            blacklist.Remove(address);
            ListingsActor.Announce(system, ListingChange.Delisted(address));
        }

        Log.ManualDelisted(logger, Networks.Normalise(network).ToString(), a, result.Delisted.Count, r);
        return result;
    }

    /// <summary>Advertises <paramref name="endpoint"/> as this node's admin address unless <c>actortrap.cluster.address</c> is set.</summary>
    public void AdvertiseAdminEndpoint(IPEndPoint endpoint) => AdminAddress.Bound(Configuration.ListenAddress.Format(endpoint));

    public Task<IReadOnlyList<ManualAction>> ManualActionsAsync(int max, CancellationToken cancellationToken = default) =>
        store.ManualActionsAsync(Math.Clamp(max, 1, 10_000), cancellationToken);

    /// <summary>
    /// The cluster as Akka's membership sees it from this node, each member completed by what its own
    /// <c>/user/reputation/node</c> answers within <paramref name="timeout"/> (a member that does not answer is listed
    /// with what membership knows).
    /// </summary>
    public async Task<ClusterState> GetClusterStateAsync(CancellationToken cancellationToken = default)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var state = cluster.State;
        var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
        var members = state.Members.ToList();
        var infos = await Task.WhenAll(members.Select(async m =>
        {
            if (unreachable.Contains(m.Address))
            {
                return null;
            }

            try
            {
                var selection = system.ActorSelection(new RootActorPath(m.Address) / "user" / "reputation" / "node");
                return await selection.Ask<NodeInfo>(GetNodeInfo.Instance, MemberQueryTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is AskTimeoutException or TimeoutException or ActorNotFoundException or OperationCanceledException)
            {
                return null;
            }
        })).ConfigureAwait(false);
        var list = members.Select((m, i) => new ClusterMember(m.Address.ToString(), m.Status.ToString().ToLowerInvariant(), [.. m.Roles],
            !unreachable.Contains(m.Address), infos[i]?.Name, infos[i]?.AdminAddress, infos[i]?.Held, infos[i]?.StartedAt, infos[i]?.RunsChores ?? false,
            m.Address.Equals(cluster.SelfAddress)) { SettingsHash = infos[i]?.SettingsHash is { Length: > 0 } h ? h : null }).ToList();
        return new ClusterState(nodeName, cluster.SelfAddress.ToString(), store.Kind, state.Leader?.ToString(),
            list.FirstOrDefault(m => m.RunsChores)?.Name, list);
    }

    /// <summary>A member that does not answer in this long is shown with what membership knows of it.</summary>
    private static readonly TimeSpan MemberQueryTimeout = TimeSpan.FromSeconds(2);

    /// <summary>This node's store writers: pending verdicts, merges, rates.</summary>
    public async Task<IReadOnlyList<ShardStats>> GetShardStatsAsync(CancellationToken cancellationToken = default) =>
        await Task.WhenAll(refs.Writers.Select(s => s.Ask<ShardStats>(GetShardStats.Instance, QueryTimeout, cancellationToken)))
            .WaitAsync(QueryTimeout, TimeProvider.System, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Every member's shard region with the entities in each of its shards: Akka's <see cref="GetClusterShardingStats"/>
    /// to this node's region, which the coordinator answers after asking every region for at most
    /// <see cref="RegionStatsWait"/>. Akka answers an empty list when any region did not answer in that time, or while
    /// no coordinator is known. Ordered by address.
    /// </summary>
    public async Task<IReadOnlyList<RegionStats>> GetRegionStatsAsync(CancellationToken cancellationToken = default)
    {
        var stats = await region.Ask<ClusterShardingStats>(new GetClusterShardingStats(RegionStatsWait), QueryTimeout, cancellationToken)
            .WaitAsync(QueryTimeout, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        return [.. stats.Regions
            .Select(r => new RegionStats(r.Key.ToString(),
                r.Value.Stats.ToDictionary(s => ShardNumber(s.Key), s => s.Value),
                [.. r.Value.Failed.Select(ShardNumber).Order()]))
            .OrderBy(r => r.Address, StringComparer.Ordinal)];
    }

    /// <summary>The coordinator's wait for the regions; under <see cref="QueryTimeout"/>, so an unanswered region is Akka's empty answer, not our timeout.</summary>
    public static readonly TimeSpan RegionStatsWait = TimeSpan.FromSeconds(3);

    /// <summary>Shard ids are the extractor's numbers as text (<see cref="ReputationExtractor.ShardId(string, object?)"/>).</summary>
    private static int ShardNumber(string shardId) =>
        int.TryParse(shardId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : -1;

    /// <summary>Shards of the region, cluster-wide (<c>actortrap.reputation.shards</c>).</summary>
    public int ShardCount => extractor.Shards;

    /// <summary>What the store holds about <paramref name="address"/>, its score decayed to now, and this node's listing for it.</summary>
    public async Task<AddressReputation> LookupAsync(IPAddress address, CancellationToken cancellationToken = default)
    {
        var normal = Networks.NormaliseAddress(address);
        var record = await store.GetAsync(normal, cancellationToken).ConfigureAwait(false);
        blacklist.TryGet(normal, out var listing);
        var now = clock.GetUtcNow();
        return new AddressReputation(normal, extractor.ShardOf(normal),
            record is null ? 0 : Scorer.Decay(record.Score, record.ScoreAt, now, options.HalfLife),
            record?.Verdicts ?? 0, record?.Reasons ?? [], record?.FirstSeen, record?.LastSeen, listing)
        {
            Standing = record is null ? 0 : Scorer.Standing(record, now, scoring),
            SoftSins = record is null ? [] : [.. SessionEvidence.Kinds(Scorer.SoftKindsAt(record.SoftKinds, record.SoftSince, now, scoring)).Select(k => k.WireName())],
            Virtue = record is null ? 0 : Scorer.Decay(record.Virtue, record.ScoreAt, now, options.HalfLife),
            Reporters = record is null ? [] : ReporterMark.RemoteIds(record.Reporters),
            ReportedLocally = record is not null && (record.Reporters.Count == 0 || record.Reporters.Any(r => r.IsLocal)),
        };
    }

    /// <summary>
    /// What the reputation entity of <paramref name="address"/> holds and which node it lives on, asked through the shard
    /// region (which starts the entity on its shard's node if it had passivated); null when it does not answer within
    /// <see cref="EntityQueryTimeout"/> (its shard is moving, or its node is unreachable and not yet downed).
    /// </summary>
    internal async Task<EntityState?> EntityAsync(IPAddress address, CancellationToken cancellationToken = default)
    {
        try
        {
            // Bounded in real time as well: the kernel's Ask timeout runs on the node's clock, which specs may hold still.
            return await region.Ask<EntityState>(new GetEntityState(ReputationExtractor.EntityOf(address)), EntityQueryTimeout, cancellationToken)
                .WaitAsync(EntityQueryTimeout, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AskTimeoutException or TimeoutException)
        {
            return null;
        }
    }

    /// <summary>An entity that does not answer in this long is reported as not answering (a lookup still shows the store's record).</summary>
    internal static readonly TimeSpan EntityQueryTimeout = TimeSpan.FromSeconds(2);

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

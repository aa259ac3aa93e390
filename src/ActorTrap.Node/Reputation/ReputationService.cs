using ActorTrap.Node.Metrics;
using System.Net;
using ActorTrap.Node.Hosting;
using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Reputation.Blacklist;
using ActorTrap.Node.Reputation.Sharding;
using Akka.Cluster.Sharding;
using ActorTrap.Node.Reputation.Cluster;
using ActorTrap.Node.Reputation.Scoring;
using ActorTrap.Node.Reputation.Shards;
using ActorTrap.Node.Reputation.Spool;
using ActorTrap.Node.Reputation.Store;
using ActorTrap.Node.Reputation.Store.Postgres;
using ActorTrap.Node.Reputation.Store.Sqlite;
using ActorTrap.Node.Session;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Reputation;

/// <summary>
/// The reputation stage of one node: the store (SQLite or PostgreSQL) and its spool, the node's store writers, the
/// reputation entities on Akka.Cluster.Sharding (region <c>reputation</c>), the verdict outbox behind the sink, this
/// node's blacklist copy (kept current by announcements over distributed pub/sub, reloaded from the store on
/// joining), and the chores singleton. Start order: store, blacklist load, spool, region, actors; the stop drains
/// the outbox while the cluster still runs (<see cref="DrainAsync"/>), then flushes the writers and closes the store
/// (<see cref="StopAsync"/>).
/// </summary>
public sealed partial class ReputationService : IAsyncDisposable
{
    private readonly IReputationStore store;
    private readonly DiskSpool spool;
    private readonly LocalBlacklist blacklist;
    private readonly ActorSystem system;
    private readonly IActorRef root;
    private readonly IActorRef region;
    private readonly ReputationExtractor extractor;
    private readonly ReputationRefs refs;
    private readonly VerdictRouter router;
    private readonly TimeProvider clock;
    private readonly ILogger logger;
    private readonly ReputationOptions options;
    private volatile ScoringOptions scoring;
    private readonly string nodeName;
    private int stopped;

    private ReputationService(IReputationStore store, DiskSpool spool, LocalBlacklist blacklist, ActorSystem system, IActorRef root, IActorRef region,
        ReputationExtractor extractor, ReputationRefs refs, ReputationCounters counters, ChoreRegistry chores, TimeProvider clock, ILogger logger,
        ReputationOptions options, ScoringOptions scoring, string nodeName, AdminAddressHolder adminAddress)
    {
        this.scoring = scoring;
        this.store = store;
        this.spool = spool;
        this.blacklist = blacklist;
        this.system = system;
        this.root = root;
        this.region = region;
        this.extractor = extractor;
        this.refs = refs;
        this.clock = clock;
        this.logger = logger;
        this.options = options;
        this.nodeName = nodeName;
        AdminAddress = adminAddress;
        Counters = counters;
        Chores = chores;
        router = new VerdictRouter(refs.Outbox, counters, options.Allow, scoring.MaxReasons);
    }

    /// <summary>The hash of the settings members should share, which this node advertises to <c>ctl cluster show</c>; a reload updates it.</summary>
    internal AgreedSettings Agreed { get; private init; } = null!;

    /// <summary>A reload's new <c>actortrap.reputation.allow</c>: verdicts submitted from now on are judged against it.</summary>
    public void UseAllowList(IReadOnlyList<System.Net.IPNetwork> allow) => router.UseAllowList(allow);

    /// <summary>
    /// A reload's listing rule: <c>list-threshold</c>, <c>soft-cap</c> and the sins' soft and virtue weights, from
    /// <paramref name="settings"/>; the decay and expiry times stay as the node started (they need a restart).
    /// </summary>
    public void UseScoring(NodeSettings settings)
    {
        var next = Scoring(settings);
        var rule = scoring with { ListThreshold = next.ListThreshold, SoftCap = next.SoftCap, VirtueFloor = next.VirtueFloor, SoftWeights = next.SoftWeights };
        scoring = rule;
        store.UseScoring(rule);
    }

    /// <summary>Where sessions send verdicts; never blocks, never throws.</summary>
    public IVerdictSink Sink => router;

    /// <summary>Where sessions send the harvests that tagged trap addresses reveal (issue 18); never blocks, never throws.</summary>
    public ActorTrap.Node.Traps.IHarvestSink HarvestSink => router;

    /// <summary>This node's copy of our blacklist (sessions hold listed clients without asking DNS).</summary>
    public ILocalBlacklist Blacklist => blacklist;

    public ReputationCounters Counters { get; }

    /// <summary>Chores run once per cluster (listing expiry is built in; the zone export registers here).</summary>
    public ChoreRegistry Chores { get; }

    /// <summary>"sqlite" or "postgres".</summary>
    public string StoreKind => store.Kind;

    /// <summary>Spool depth now (batches, address rows, bytes).</summary>
    public (int Batches, long Rows, long Bytes) SpoolDepth => (spool.PendingBatches, spool.PendingDeltas, spool.PendingBytes);

    internal IReputationStore Store => store;

    internal LocalBlacklist LocalBlacklist => blacklist;

    internal ReputationRefs Actors => refs;

    /// <summary>The shard region of the reputation entities (<c>/system/sharding/reputation</c>).</summary>
    internal IActorRef Region => region;

    internal ReputationExtractor Extractor => extractor;

    internal AdminAddressHolder AdminAddress { get; }

    /// <summary>
    /// The spool holds its cursor file locked while the node runs, so it is where a second node on the same data
    /// directory finds out; said so in words, not as "the process cannot access the file '.../spool/cursor'".
    /// </summary>
    private static DiskSpool OpenSpool(string dataDirectory, long maxBytes)
    {
        try
        {
            return new DiskSpool(Path.Combine(dataDirectory, "spool"), maxBytes);
        }
        catch (IOException e) when (StartFailures.IsLockedByAnother(e))
        {
            throw StartFailures.DataDirectoryInUse(dataDirectory, e);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw StartFailures.DataDirectory(Path.Combine(dataDirectory, "spool"), e);
        }
    }

    /// <param name="heldNow">This node's held SMTP connections, for <c>ctl cluster show</c> and the dashboard.</param>
    public static async Task<ReputationService> StartAsync(NodeSettings settings, ActorSystem system, ILoggerFactory loggerFactory,
        TimeProvider clock, CancellationToken cancellationToken, Func<int>? heldNow = null, NodeMeters? meters = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = settings.Reputation;
        var logger = loggerFactory.CreateLogger("ActorTrap.Reputation");
        var scoring = Scoring(settings);
        try
        {
            System.IO.Directory.CreateDirectory(options.DataDirectory);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw StartFailures.DataDirectory(options.DataDirectory, e);
        }

        IReputationStore store = options.Store == ReputationStoreKind.Postgres
            ? new PostgresReputationStore(options.PostgresConnectionString!, settings.Node.Name, scoring)
            : new SqliteReputationStore(Path.Combine(options.DataDirectory, "reputation.db"), scoring, options.SqliteFullSync);
        var blacklist = new LocalBlacklist();
        DiskSpool? spool = null;
        ReputationCounters? counters = null;
        try
        {
            // The spool first: its lock tells a second node on this data directory to stop before it touches the store.
            spool = OpenSpool(options.DataDirectory, options.SpoolMaxBytes);
            await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
            blacklist.Replace(await store.LoadListingsAsync(clock.GetUtcNow(), cancellationToken).ConfigureAwait(false));
            var s = spool;
            counters = new ReputationCounters(settings.Node.Name, () => (s.PendingBatches, s.PendingDeltas, s.PendingBytes), () => blacklist.Count, () => store.DuplicatesSkipped, meters);
            void Announce(ListingChange change) => ListingsActor.Announce(system, change);
            var shared = new ShardContext(store, spool, blacklist, counters, options, scoring, logger, Announce);
            var chores = new ChoreRegistry();
            chores.Add(new ListingExpiryChore(store, blacklist, counters, logger, Announce));
            chores.Add(new PurgeChore(store, options.Retention, TimeSpan.FromHours(1)));

            var extractor = new ReputationExtractor(options.Shards);
            var writers = new WriterSet();
            var node = settings.Node.Name;
            var region = await ClusterSharding.Get(system).StartAsync(RegionName,
                id => id == ReputationExtractor.IntakeId ? Props.Create<ShardIntake>() : ActorProps.Of(() => new ReputationEntity(id, writers.For, node)),
                ClusterShardingSettings.Create(system).WithPassivateIdleAfter(options.IdleAfter),
                extractor).ConfigureAwait(false);
            var adminAddress = new AdminAddressHolder(settings.Cluster.Address);
            var agreed = new AgreedSettings(settings);
            var startedAt = clock.GetUtcNow();
            var held = heldNow ?? (static () => 0);
            var parts = new ReputationParts(shared, options.Writers, writers, region, extractor,
                new OutboxOptions(options.SendInterval, options.BatchSize, options.ResendAfter, options.MaxUnacknowledged, SendWindow(options)),
                ActorProps.Of(() => new NodeInfoActor(node, adminAddress.Get, held, startedAt, chores, () => 0, agreed.Get)), chores, ResyncSettle);
            var root = system.ActorOf(ActorProps.Of(() => new ReputationActor(parts)), "reputation");
            var refs = await root.Ask<ReputationRefs>(GetReputationRefs.Instance, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
            Log.ReputationStarted(logger, store.Kind,
                store is PostgresReputationStore ? options.RedactedConnectionString : Path.Combine(options.DataDirectory, "reputation.db"),
                options.Shards, blacklist.Count);
            return new ReputationService(store, spool, blacklist, system, root, region, extractor, refs, counters, chores, clock, logger, options,
                scoring, node, adminAddress) { Agreed = agreed };
        }
        catch
        {
            spool?.Dispose();
            counters?.Dispose();
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The sharding type name of the reputation entities.</summary>
    public const string RegionName = "reputation";

    /// <summary>After subscribing, the listings copy is reloaded once more after this, when the subscription has reached every node.</summary>
    private static readonly TimeSpan ResyncSettle = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Waits until every verdict this node sent is accepted by its entity's node (in its store or spool); after
    /// <paramref name="timeout"/>, this node's own writers take what is left (idempotent on the verdict ids), and
    /// waits for that too; then writes every writer's pending evidence.
    /// </summary>
    public async Task FlushAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        await DrainAsync(timeout, cancellationToken).ConfigureAwait(false);
        // Bounded in real time as well: a stopped writer never answers, and a virtual clock may never reach the Ask timeout.
        await Task.WhenAll(refs.Writers.Select(s => s.Ask<Flushed>(FlushShard.Instance, timeout, cancellationToken)))
            .WaitAsync(timeout, TimeProvider.System, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The outbox part of <see cref="FlushAsync"/>: true when every verdict was accepted. A node that is no longer a
    /// member (the cluster downed it) hands what is left to its own writers at once: no entity will ever answer it again.
    /// </summary>
    public async Task<bool> DrainAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (Hosting.Cluster.ClusterMembership.GoneStatus(system) is { } status)
        {
            // Every clean stop ends here too (the node has left by the time the writers flush): warn only when
            // verdicts are actually left unaccepted.
            var left = await refs.Outbox.Ask<OutboxStats>(GetOutboxStats.Instance, timeout, cancellationToken).ConfigureAwait(false);
            if (left.Unacknowledged > 0)
            {
                Log.OutboxWritingLocallyNotMember(logger, status, left.Unacknowledged);
            }
        }
        else
        {
            try
            {
                await refs.Outbox.Ask<OutboxDrained>(new DrainOutbox(false), timeout, cancellationToken)
                    .WaitAsync(timeout, TimeProvider.System, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (Exception e) when (e is AskTimeoutException or TimeoutException)
            {
                Log.OutboxWritingLocally(logger);
            }
        }

        try
        {
            await refs.Outbox.Ask<OutboxDrained>(new DrainOutbox(true), timeout, cancellationToken)
                .WaitAsync(timeout, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is AskTimeoutException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Stops in reverse start order: drain the outbox, flush the writers, stop the actors, close the spool and store.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (Interlocked.Exchange(ref stopped, 1) == 1)
        {
            return;
        }

        try
        {
            await FlushAsync(timeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AskTimeoutException or TimeoutException)
        {
            // A writer stuck on a hung store: what it holds is lost from memory; the spool keeps what reached it.
        }

        await root.StopAndWaitAsync(timeout).ConfigureAwait(false);
        spool.Dispose();
        await store.DisposeAsync().ConfigureAwait(false);
        Counters.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);

    /// <summary>
    /// Verdicts a node's outbox keeps out unanswered at once: half of what one node's writers hold waiting
    /// (<c>writers</c> x <c>batch-size</c> x <see cref="StoreWriter.PendingBatches"/>), so two busy senders fit in one receiver.
    /// </summary>
    internal static int SendWindow(ReputationOptions options) =>
        (int)Math.Min(int.MaxValue, (long)options.Writers * options.BatchSize * StoreWriter.PendingBatches / 2);

    /// <summary>The listing rule's parameters from the configuration: reputation's thresholds, the sins' soft weights and the virtue's.</summary>
    internal static ScoringOptions Scoring(NodeSettings settings)
    {
        var options = settings.Reputation;
        var weights = settings.Smtp.SinWeights;
        return new ScoringOptions(options.ListThreshold, options.HalfLife, options.ListingTtl)
        {
            SoftCap = options.SoftCap,
            EvidenceWindow = options.EvidenceWindow,
            VirtueFloor = weights.GetValueOrDefault(SinKind.Retried, -2),
            SoftWeights = weights.Where(w => w.Key.Class() == SinClass.Soft).ToDictionary(w => w.Key, w => w.Value),
            MinReporters = settings.Publish.UdpFeed.MinReporters,
            ReporterWindow = settings.Publish.UdpFeed.Window,
        };
    }
}

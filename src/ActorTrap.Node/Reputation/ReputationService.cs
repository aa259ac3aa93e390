using System.Net;
using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Reputation.Blacklist;
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
/// The reputation stage of one node: the store (SQLite or PostgreSQL), the spool, the shard actors behind the
/// verdict sink, this node's blacklist copy (with PostgreSQL kept current by LISTEN/NOTIFY), cluster membership
/// and chores. Start order: store, blacklist load, spool, actors, listener; <see cref="StopAsync"/> reverses it,
/// flushing every shard's pending evidence first (to the store, or the spool if the store is down).
/// </summary>
public sealed partial class ReputationService : IAsyncDisposable
{
    private readonly IReputationStore store;
    private readonly DiskSpool spool;
    private readonly LocalBlacklist blacklist;
    private readonly PostgresListingListener? listener;
    private readonly PostgresClusterDirectory? directory;
    private readonly ActorSystem system;
    private readonly IActorRef root;
    private readonly ReputationRefs refs;
    private readonly VerdictRouter router;
    private readonly TimeProvider clock;
    private readonly ILogger logger;
    private readonly ReputationOptions options;
    private readonly ScoringOptions scoring;
    private readonly bool addressConfigured;
    private int stopped;

    private ReputationService(IReputationStore store, DiskSpool spool, LocalBlacklist blacklist, PostgresListingListener? listener,
        PostgresClusterDirectory? directory, ActorSystem system, IActorRef root, ReputationRefs refs, ReputationCounters counters, ChoreRegistry chores,
        TimeProvider clock, ILogger logger, ReputationOptions options, ScoringOptions scoring, bool addressConfigured)
    {
        this.scoring = scoring;
        this.addressConfigured = addressConfigured;
        this.store = store;
        this.spool = spool;
        this.blacklist = blacklist;
        this.listener = listener;
        this.directory = directory;
        this.system = system;
        this.root = root;
        this.refs = refs;
        this.clock = clock;
        this.logger = logger;
        this.options = options;
        Counters = counters;
        Chores = chores;
        router = new VerdictRouter(refs.Shards, counters);
    }

    /// <summary>Where sessions send verdicts; never blocks, never throws.</summary>
    public IVerdictSink Sink => router;

    /// <summary>This node's copy of our blacklist (sessions hold listed clients without asking DNS).</summary>
    public ILocalBlacklist Blacklist => blacklist;

    public ReputationCounters Counters { get; }

    /// <summary>Chores run once per cluster (listing expiry is built in; the zone export registers here).</summary>
    public ChoreRegistry Chores { get; }

    /// <summary>"sqlite" or "postgres".</summary>
    public string StoreKind => store.Kind;

    /// <summary>Spool depth now (batches, address rows, bytes).</summary>
    public (int Batches, long Rows, long Bytes) SpoolDepth => (spool.PendingBatches, spool.PendingDeltas, spool.PendingBytes);

    /// <summary>True while the PostgreSQL listener is connected (always true with SQLite).</summary>
    public bool ListenerConnected => listener?.Connected ?? true;

    internal IReputationStore Store => store;

    internal LocalBlacklist LocalBlacklist => blacklist;

    internal PostgresClusterDirectory? Directory => directory;

    internal ReputationRefs Actors => refs;

    /// <param name="heldNow">This node's held SMTP connections, carried in its heartbeat for <c>ctl cluster</c> and the dashboard.</param>
    public static async Task<ReputationService> StartAsync(NodeSettings settings, ActorSystem system, ILoggerFactory loggerFactory,
        TimeProvider clock, CancellationToken cancellationToken, Func<int>? heldNow = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = settings.Reputation;
        var logger = loggerFactory.CreateLogger("ActorTrap.Reputation");
        var scoring = Scoring(settings);
        System.IO.Directory.CreateDirectory(options.DataDirectory);
        IReputationStore store = options.Store == ReputationStoreKind.Postgres
            ? new PostgresReputationStore(options.PostgresConnectionString!, settings.Node.Name, scoring)
            : new SqliteReputationStore(Path.Combine(options.DataDirectory, "reputation.db"), scoring, options.SqliteFullSync);
        var blacklist = new LocalBlacklist();
        DiskSpool? spool = null;
        PostgresListingListener? listener = null;
        PostgresClusterDirectory? directory = null;
        ReputationCounters? counters = null;
        try
        {
            await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
            if (store is PostgresReputationStore pg)
            {
                listener = new PostgresListingListener(pg.ConnectionString, blacklist, clock, logger, options.RetryInterval);
                await listener.StartAsync(cancellationToken).ConfigureAwait(false);
                directory = new PostgresClusterDirectory(pg.DataSource, pg.ConnectionString, settings.Node.Name);
            }
            else
            {
                blacklist.Replace(await store.LoadListingsAsync(clock.GetUtcNow(), cancellationToken).ConfigureAwait(false));
            }

            spool = new DiskSpool(Path.Combine(options.DataDirectory, "spool"), options.SpoolMaxBytes);
            var s = spool;
            counters = new ReputationCounters(settings.Node.Name, () => (s.PendingBatches, s.PendingDeltas, s.PendingBytes), () => blacklist.Count);
            var shared = new ShardContext(store, spool, blacklist, counters, options, scoring, logger);
            var chores = new ChoreRegistry();
            chores.Add(new ListingExpiryChore(store, blacklist, counters, logger));
            chores.Add(new PurgeChore(store, options.Retention, TimeSpan.FromHours(1)));
            var address = settings.Cluster.Address.Length > 0 ? settings.Cluster.Address : ListenAddress.Format(settings.Admin.Listen);
            var d = directory;
            var root = system.ActorOf(ActorProps.Of(() => new ReputationActor(shared,
                () => ActorProps.Of(() => new ClusterActor(settings.Node.Name, address, settings.Cluster, options.ChoreInterval, d, chores, logger, heldNow)))), "reputation");
            var refs = await root.Ask<ReputationRefs>(GetReputationRefs.Instance, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
            Log.ReputationStarted(logger, store.Kind,
                store is PostgresReputationStore ? options.RedactedConnectionString : Path.Combine(options.DataDirectory, "reputation.db"),
                options.Shards, blacklist.Count);
            if (directory is not null)
            {
                Log.ClusterJoined(logger, settings.Node.Name, address, options.RedactedConnectionString);
            }

            return new ReputationService(store, spool, blacklist, listener, directory, system, root, refs, counters, chores, clock, logger, options,
                scoring, settings.Cluster.Address.Length > 0);
        }
        catch
        {
            if (listener is not null)
            {
                await listener.DisposeAsync().ConfigureAwait(false);
            }

            if (directory is not null)
            {
                await directory.DisposeAsync().ConfigureAwait(false);
            }

            spool?.Dispose();
            counters?.Dispose();
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Writes every shard's pending evidence now (to the store, or the spool when it is down) and waits for it.</summary>
    public async Task FlushAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        // Bounded in real time as well: a stopped shard never answers, and a virtual clock may never reach the Ask timeout.
        await Task.WhenAll(refs.Shards.Select(s => s.Ask<Flushed>(FlushShard.Instance, timeout, cancellationToken)))
            .WaitAsync(timeout, TimeProvider.System, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops in reverse start order: flush the shards, stop the actors, leave the cluster, close the listener, spool and store.</summary>
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
            // A shard stuck on a hung store: what it holds is lost from memory; the spool keeps what reached it.
        }

        await StopActorAsync(timeout).ConfigureAwait(false);
        if (directory is not null)
        {
            try
            {
                using var cts = new CancellationTokenSource(timeout);
                await directory.LeaveAsync(cts.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or OperationCanceledException or IOException)
            {
                // The registry forgets a node that left uncleanly after removed-after.
            }

            await directory.DisposeAsync().ConfigureAwait(false);
        }

        if (listener is not null)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        spool.Dispose();
        await store.DisposeAsync().ConfigureAwait(false);
        Counters.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);

    private async Task StopActorAsync(TimeSpan timeout)
    {
        // Death watch: completes when /user/reputation and its children have stopped, or at the timeout.
        await root.StopAndWaitAsync(timeout).ConfigureAwait(false);
    }

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
        };
    }
}

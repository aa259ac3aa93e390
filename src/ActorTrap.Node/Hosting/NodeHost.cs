using System.Diagnostics;
using System.Net;
using ActorTrap.Node.Hosting.Actors;
using Akka;
using Akka.Actor;
using ActorTrap.Metrics;
using ActorTrap.Node.Admin;
using ActorTrap.Node.Admin.Dashboard;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Publishing;
using ActorTrap.Node.Reputation;
using ActorTrap.Node.Resolver;
using ActorTrap.Node.Resolver.Transport;
using ActorTrap.Node.Session;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Hosting;

/// <summary>
/// One running node: its Akka actor system and its endpoints, started in dependency order (resolver, reputation
/// store and shards, admin endpoint, SMTP listeners last) and stopped in reverse through Akka's coordinated shutdown
/// phases: service-unbind (stop accepting, close the admin endpoint), service-requests-done (sessions say 421 and
/// emit their verdicts, hold pools release their clients), service-stop (publishers), before-actor-system-terminate
/// (the shards flush, the stores close), then the actor system terminates.
/// </summary>
public sealed class NodeHost : IAsyncDisposable
{
    /// <summary>The resolver answers within its lookup budget; this margin only covers a busy mailbox.</summary>
    private static readonly TimeSpan AdminDnsMargin = TimeSpan.FromSeconds(2);

    private readonly ILogger logger;
    private readonly AdminServer admin;
    private readonly DnsTransport dnsTransport;
    private readonly SmtpEdge smtp;
    private readonly ActorMetrics actorMetrics;
    private readonly DnsMetrics dnsMetrics;
    private int stopped;
    private int unclean;

    private NodeHost(NodeSettings settings, ActorSystem system, AdminServer admin, ILogger logger, DnsTransport dnsTransport, IActorRef resolver,
        ReputationService reputation, SmtpEdge smtp, PrometheusCollector metrics, PublishingHost publishing, DnsMetrics dnsMetrics, ActorMetrics actorMetrics)
    {
        Settings = settings;
        System = system;
        this.admin = admin;
        this.logger = logger;
        this.dnsTransport = dnsTransport;
        this.smtp = smtp;
        Resolver = resolver;
        Reputation = reputation;
        Metrics = metrics;
        Publishing = publishing;
        this.actorMetrics = actorMetrics;
        this.dnsMetrics = dnsMetrics;
    }

    /// <summary>Every ActorTrap meter, served as <c>/metrics</c>.</summary>
    public PrometheusCollector Metrics { get; }

    /// <summary>The DNSBL responder, exports and feeds configured under <c>actortrap.publish</c>.</summary>
    internal PublishingHost Publishing { get; }

    public NodeSettings Settings { get; }

    public ActorSystem System { get; }

    /// <summary>The node's DNS resolver actor at <c>/user/resolver</c>: sessions ask it <see cref="CheckClient"/>, <see cref="CheckReverseDns"/>, <see cref="CheckMx"/>.</summary>
    public IActorRef Resolver { get; }

    /// <summary>The DNS client's counters (tries, timeouts, dropped forged or malformed answers, queries in flight) for metrics and the admin API.</summary>
    internal DnsTransportStats DnsStats => dnsTransport.Stats;

    /// <summary>The reputation stage: store, shards, blacklist copy, cluster; manual list/delist and the admin queries.</summary>
    public ReputationService Reputation { get; }

    /// <summary>Where session actors send their verdicts.</summary>
    public IVerdictSink VerdictSink => Reputation.Sink;

    /// <summary>This node's copy of our own blacklist, for session actors (hold listed clients without DNS).</summary>
    public ILocalBlacklist Blacklist => Reputation.Blacklist;

    /// <summary>The admin endpoint actually bound (the real port when configured with port 0).</summary>
    public IPEndPoint AdminEndPoint => admin.BoundEndPoint;

    /// <summary>The SMTP endpoints actually bound (real ports when configured with port 0).</summary>
    public IReadOnlyList<IPEndPoint> SmtpEndPoints => smtp.Listener.BoundEndPoints;

    /// <summary>Live sessions, for the admin API.</summary>
    internal SessionRegistry Sessions => smtp.Registry;

    internal SmtpEdge Smtp => smtp;

    /// <param name="publishedList">Publish this list instead of the reputation stage's (publishing specs use it to serve fixed listings).</param>
    /// <param name="collectedVerdicts">Where UDP feed lines a collector accepts go instead of the reputation stage (publishing specs count them).</param>
    /// <remarks>
    /// The node's clock is its actor system's (<see cref="ActorClock"/>): the system clock, or the virtual time of
    /// Akka.TestKit's TestScheduler when the configuration's akka section selects it (specs do).
    /// </remarks>
    public static async Task<NodeHost> StartAsync(NodeSettings settings, ILoggerFactory loggerFactory, CancellationToken cancellationToken,
        ILocalBlacklist? publishedList = null, IVerdictSink? collectedVerdicts = null)
    {
        var logger = loggerFactory.CreateLogger("ActorTrap.Node");
        var started = Stopwatch.StartNew();

        // First, so that every instrument created from here on is collected.
        var metrics = new PrometheusCollector();
        var system = NodeActorSystem.Create("actortrap", settings.Actors, loggerFactory);
        var timeProvider = system.Clock();

        var actorMetrics = new ActorMetrics(system);
        var dnsTransport = ResolverSetup.Transport(settings.Dns, timeProvider);
        var resolverCounters = new ResolverCounters(settings.Dnsbl);
        var dnsMetrics = new DnsMetrics(resolverCounters, () => dnsTransport.Stats);
        var resolver = system.ActorOf(ResolverSetup.Props(dnsTransport, ResolverSetup.Options(settings), loggerFactory, resolverCounters), ResolverSetup.ActorName);
        LogResolverStarted(logger, settings);

        ReputationService? reputation = null;
        PublishingHost? publishing = null;
        AdminServer? admin = null;
        SmtpEdge? smtp = null;
        try
        {
            // The store and the shards before anything that produces verdicts; the publishers read what they keep.
            // The SMTP edge starts after this stage; the heartbeat reads its held count once it exists.
            reputation = await ReputationService.StartAsync(settings, system, loggerFactory, timeProvider, cancellationToken,
                () => smtp?.Gate.Held ?? 0).ConfigureAwait(false);
            // With PostgreSQL every node has the same list: the chores holder alone writes the rbldnsd zone file.
            publishing = PublishingHost.Start(settings.Publish, publishedList ?? reputation.Blacklist, collectedVerdicts ?? reputation.Sink, timeProvider, loggerFactory,
                rbldnsdAsChore: publishedList is null && settings.Reputation.Store == ReputationStoreKind.Postgres);
            if (publishing.RbldnsdChore is { } export)
            {
                reputation.Chores.Add(export);
            }

            // A detector node also sends each verdict to its collector as a signed UDP line.
            var sink = publishing.FeedSender is { } feed ? new FanOutSink(reputation.Sink, feed) : reputation.Sink;
            smtp = SmtpEdge.Create(settings, system, resolver, reputation.Blacklist, sink, loggerFactory, timeProvider);
            admin = await AdminServer.StartAsync(settings.Admin, AdminServer.ConnectionCap(settings.Smtp.FileReserve), system, loggerFactory,
                [new MetricsRoutes(metrics), new RuntimeRoutes(), new SmtpAdminRoutes(smtp), .. publishing.Routes, Readiness(smtp, reputation),
                 new DnsAdminRoutes(() => dnsTransport.Stats, resolver, resolverCounters, settings.Dnsbl), new DashboardRoutes(smtp, settings.Node.Name, timeProvider),
                 new ReputationAdminRoutes(reputation, resolver, settings.Dns.LookupBudget + AdminDnsMargin, loggerFactory.CreateLogger("ActorTrap.Admin")),
                 new PublishAdminRoutes(publishing)],
                cancellationToken).ConfigureAwait(false);
            // Listeners last: a connection accepted before its dependencies run would have nobody to serve it.
            smtp.Listen();
        }
        catch
        {
            if (admin is not null)
            {
                await admin.DisposeAsync().ConfigureAwait(false);
            }

            if (smtp is not null)
            {
                await smtp.StopAsync(settings.Actors.ShutdownTimeout).ConfigureAwait(false);
                smtp.Dispose();
            }

            if (publishing is not null)
            {
                await publishing.DisposeAsync().ConfigureAwait(false);
            }

            if (reputation is not null)
            {
                await reputation.StopAsync(settings.Actors.ShutdownTimeout).ConfigureAwait(false);
            }

            await system.TerminateWithin(settings.Actors.ShutdownTimeout).ConfigureAwait(false);
            dnsTransport.Dispose();
            dnsMetrics.Dispose();
            metrics.Dispose();
            throw;
        }

        reputation.AdvertiseAdminEndpoint(admin.BoundEndPoint);
        Log.NodeStarted(logger, settings.Node.Name, started.ElapsedMilliseconds);
        var node = new NodeHost(settings, system, admin, logger, dnsTransport, resolver, reputation, smtp, metrics, publishing, dnsMetrics, actorMetrics);
        node.AddShutdownTasks();
        return node;
    }

    /// <summary>The node's part of each coordinated shutdown phase; a step that fails or runs late marks the stop unclean, and the next phase runs anyway.</summary>
    private void AddShutdownTasks()
    {
        var shutdown = CoordinatedShutdown.Get(System);
        var timeout = Settings.Actors.ShutdownTimeout;
        shutdown.AddTask(CoordinatedShutdown.PhaseServiceUnbind, "stop-accepting", () => Step(async () =>
        {
            await admin.DisposeAsync().ConfigureAwait(false);
            await smtp.StopAcceptingAsync().ConfigureAwait(false);
            return true;
        }));
        // Sessions tell their clients 421 and emit their verdicts while the shards still run to take them.
        shutdown.AddTask(CoordinatedShutdown.PhaseServiceRequestsDone, "end-sessions", () => Step(() => smtp.StopAsync(timeout)));
        shutdown.AddTask(CoordinatedShutdown.PhaseServiceStop, "stop-publishing", () => Step(async () =>
        {
            await Publishing.DisposeAsync().ConfigureAwait(false);
            return true;
        }));
        // Flushes every shard's pending evidence to the store (or the spool), then closes the store.
        shutdown.AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "flush-verdicts", () => Step(async () =>
        {
            await Reputation.StopAsync(timeout).ConfigureAwait(false);
            return true;
        }));
    }

    private async Task<Done> Step(Func<Task<bool>> step)
    {
        try
        {
            if (!await step().ConfigureAwait(false))
            {
                Volatile.Write(ref unclean, 1);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Volatile.Write(ref unclean, 1);
            Log.ShutdownStepFailed(logger, Settings.Node.Name, e.Message);
        }

        return Done.Instance;
    }

    /// <summary>Stops the node; returns false when the actors did not all stop within the shutdown timeout.</summary>
    public async Task<bool> StopAsync(string reason)
    {
        if (Interlocked.Exchange(ref stopped, 1) == 1)
        {
            return true;
        }

        var elapsed = Stopwatch.StartNew();
        Log.NodeStopping(logger, Settings.Node.Name, reason);
        // Every phase is bounded by its own timeout; this bounds the whole in real time as well.
        var run = CoordinatedShutdown.Get(System).Run(NodeStopReason.Instance);
        var bound = TimeSpan.FromTicks(Settings.Actors.ShutdownTimeout.Ticks * 6);
        var clean = await Task.WhenAny(run, Task.Delay(bound, TimeProvider.System)).ConfigureAwait(false) == run;
        clean &= await System.TerminateWithin(Settings.Actors.ShutdownTimeout).ConfigureAwait(false);
        clean &= Volatile.Read(ref unclean) == 0;
        smtp.Dispose();
        dnsTransport.Dispose(); // after the resolver stopped: queries still on the wire end now
        dnsMetrics.Dispose();
        actorMetrics.Dispose();
        Metrics.Dispose();
        if (clean)
        {
            Log.NodeStopped(logger, Settings.Node.Name, elapsed.ElapsedMilliseconds);
        }
        else
        {
            Log.NodeStopTimedOut(logger, Settings.Node.Name, (long)Settings.Actors.ShutdownTimeout.TotalMilliseconds);
        }

        return clean;
    }

    public async ValueTask DisposeAsync() => await StopAsync("disposed").ConfigureAwait(false);

    /// <summary>/readyz: the listeners are bound, and the store takes verdicts (spooling counts: nothing is lost).</summary>
    private static ReadinessRoutes Readiness(SmtpEdge smtp, ReputationService reputation) => new(
        new ReadinessCheck("smtp", () => smtp.IsListening ? (true, "") : (false, "listeners not bound yet")),
        new ReadinessCheck("reputation", () => (true, reputation.SpoolDepth.Batches == 0
            ? $"{reputation.StoreKind} store"
            : $"{reputation.StoreKind} store unreachable, {reputation.SpoolDepth.Batches} batches spooled")));

    /// <summary>Why the coordinated shutdown ran: the node was stopped (signal, dispose, or a spec).</summary>
    private sealed class NodeStopReason : CoordinatedShutdown.Reason
    {
        public static readonly NodeStopReason Instance = new();

        public override int ExitCode => 0;
    }

    private static void LogResolverStarted(ILogger logger, NodeSettings settings)
    {
        var zones = settings.Dnsbl.Zones.Where(z => z.Enabled).Select(z => z.Zone).ToList();
        Log.ResolverStarted(logger, zones.Count, string.Join(", ", zones), string.Join(", ", settings.Dns.Servers.Select(ListenAddress.Format)),
            (long)settings.Dns.Timeout.TotalMilliseconds, (long)settings.Dns.LookupBudget.TotalMilliseconds);
    }
}

using System.Diagnostics;
using ActorTrap.Node.Admin;
using ActorTrap.Node.Admin.Dashboard;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Hosting.Actors;
using ActorTrap.Node.Metrics;
using ActorTrap.Node.Hosting.Reload;
using ActorTrap.Node.Publishing;
using ActorTrap.Node.Reputation;
using ActorTrap.Node.Resolver;
using ActorTrap.Node.Resolver.Transport;
using ActorTrap.Node.Session;
using Akka;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace ActorTrap.Node.Hosting;

/// <summary>
/// The node's stages, started once the actor system runs, in dependency order: the reputation store and shards,
/// the publishers, the SMTP edge (sessions, hold pools), the admin endpoint, and the SMTP listeners last. Each stage
/// registers its stop in a phase of Akka's coordinated shutdown: service-unbind (stop accepting, close the admin
/// endpoint), service-requests-done (sessions say 421 and emit their verdicts, hold pools release their clients),
/// service-stop (publishers), before-cluster-shutdown (every verdict sent is accepted, or written here), then Akka's
/// own phases hand this node's shards over and leave the cluster, and before-actor-system-terminate (the writers
/// flush, the stores close). The same phases run when the cluster downs this node.
/// </summary>
internal sealed class NodeStages(
    NodeSettings settings,
    ActorSystem system,
    IReadOnlyActorRegistry registry,
    ILoggerFactory loggerFactory,
    MeterProvider metrics,
    NodeMeters meters,
    DnsTransport dnsTransport,
    ResolverCounters resolverCounters,
    DnsblHealth dnsblHealth,
    DnsMetrics dnsMetrics,
    ActorMetrics actorMetrics,
    ConfigReload reload,
    NodeInputs inputs) : IHostedService
{
    /// <summary>The resolver answers within its lookup budget; this margin only covers a busy mailbox.</summary>
    private static readonly TimeSpan AdminDnsMargin = TimeSpan.FromSeconds(2);

    private readonly ILogger logger = loggerFactory.CreateLogger("ActorTrap.Node");
    private int unclean;

    public IActorRef Resolver { get; private set; } = ActorRefs.Nobody;

    public ReputationService Reputation { get; private set; } = null!;

    public PublishingHost Publishing { get; private set; } = null!;

    public SmtpEdge Smtp { get; private set; } = null!;

    public AdminServer Admin { get; private set; } = null!;

    /// <summary>The metrics listener, or null when actortrap.metrics.listen is empty.</summary>
    public MetricsServer? Metrics { get; private set; }

    /// <summary>Tagged trap addresses (issue 18); null when no key and domain are configured.</summary>
    public Traps.TaggedTraps? Tagged { get; private set; }

    private readonly Traps.TrapMetrics trapMetrics = new(meters);

    /// <summary>The public trap page; null when <c>actortrap.traps.page.listen</c> is empty.</summary>
    public Traps.TrapPageServer? TrapPage { get; private set; }

    public DnsTransportStats DnsStats => dnsTransport.Stats;

    /// <summary>False once a shutdown step failed or ran past its timeout.</summary>
    public bool Clean => Volatile.Read(ref unclean) == 0;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The gauges and the DNS counters exist from here on.
        _ = (actorMetrics, dnsMetrics);
        var started = Stopwatch.StartNew();
        var time = system.Clock();
        Resolver = registry.Get<ResolverActor>();
        LogResolverStarted();

        ReputationService? reputation = null;
        PublishingHost? publishing = null;
        AdminServer? admin = null;
        MetricsServer? scrape = null;
        SmtpEdge? smtp = null;
        Traps.TrapPageServer? page = null;
        var tagged = Traps.TaggedTraps.Create(settings.Traps, trapMetrics, loggerFactory.CreateLogger("ActorTrap.Traps"));
        try
        {
            // The store and the shards before anything that produces verdicts; the publishers read what they keep.
            // The SMTP edge starts after this stage; the heartbeat reads its held count once it exists.
            reputation = await ReputationService.StartAsync(settings, system, loggerFactory, time, cancellationToken,
                () => smtp?.Gate.Held ?? 0, meters).ConfigureAwait(false);
            // With PostgreSQL every node has the same list: the chores holder alone writes the rbldnsd zone file.
            publishing = PublishingHost.Start(settings.Publish, inputs.PublishedList ?? reputation.Blacklist, inputs.CollectedVerdicts ?? reputation.Sink,
                time, loggerFactory, rbldnsdAsChore: inputs.PublishedList is null && settings.Reputation.Store == ReputationStoreKind.Postgres,
                allow: settings.Reputation.Allow, meters: meters);
            if (publishing.RbldnsdChore is { } export)
            {
                reputation.Chores.Add(export);
            }

            // A detector node also sends each verdict to its collector as a signed UDP line.
            var sink = publishing.FeedSender is { } feed ? new FanOutSink(reputation.Sink, feed) : reputation.Sink;
            smtp = SmtpEdge.Create(settings, system, Resolver, reputation.Blacklist, sink, loggerFactory, time, meters, tagged, reputation.HarvestSink);
            reload.Attach(Resolver, smtp, reputation, publishing, tagged);
            admin = await AdminServer.StartAsync(settings.Admin, AdminServer.ConnectionCap(settings.Smtp.FileReserve), system, loggerFactory, Degradation,
                [new MetricsRoutes(metrics), new RuntimeRoutes(), new SmtpAdminRoutes(smtp), .. publishing.Routes, Readiness(smtp, reputation),
                 new DnsAdminRoutes(() => dnsTransport.Stats, Resolver, resolverCounters), new DashboardRoutes(smtp, settings.Node.Name, time),
                 new ReputationAdminRoutes(reputation, Resolver, settings.Dns.LookupBudget + AdminDnsMargin, loggerFactory.CreateLogger("ActorTrap.Admin")),
                 new ClusterAdminRoutes(system, reputation, loggerFactory.CreateLogger("ActorTrap.Admin")),
                 new ShardAdminRoutes(reputation, loggerFactory.CreateLogger("ActorTrap.Admin")),
                 new PublishAdminRoutes(publishing), new ReloadAdminRoutes(reload)],
                cancellationToken).ConfigureAwait(false);
            if (settings.Metrics.Listen is { } metricsListen)
            {
                scrape = await MetricsServer.StartAsync(metricsListen, metrics, loggerFactory, cancellationToken).ConfigureAwait(false);
            }

            if (tagged is not null && settings.Traps.Page.PageEnabled)
            {
                var pageOptions = settings.Traps.Page;
                var limiter = new Traps.PageRateLimiter(pageOptions.RatePerMinute, pageOptions.RateBurst, pageOptions.MaxClients, time);
                trapMetrics.ObserveClients(() => limiter.Count);
                page = await Traps.TrapPageServer.StartAsync(pageOptions, tagged, limiter, time, loggerFactory, cancellationToken).ConfigureAwait(false);
            }

            // Listeners last: a connection accepted before its dependencies run would have nobody to serve it.
            smtp.Listen();
        }
        catch
        {
            // The stages that started stop here; the actor system stops with the host.
            if (scrape is not null)
            {
                await scrape.DisposeAsync().ConfigureAwait(false);
            }

            if (page is not null)
            {
                await page.DisposeAsync().ConfigureAwait(false);
            }

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

            throw;
        }

        (Reputation, Publishing, Smtp, Admin, Metrics, Tagged, TrapPage) = (reputation, publishing, smtp, admin, scrape, tagged, page);
        reputation.AdvertiseAdminEndpoint(admin.BoundEndPoint);
        AddShutdownTasks();
        Log.NodeStarted(logger, settings.Node.Name, started.ElapsedMilliseconds);
    }

    /// <summary>Runs the coordinated shutdown (bounded in real time); the actor system's own hosted service, stopped next, finds it done.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var run = CoordinatedShutdown.Get(system).Run(NodeStopReason.Instance);
        if (await Task.WhenAny(run, Task.Delay(NodeComposition.Bound(settings), TimeProvider.System)).ConfigureAwait(false) != run)
        {
            Volatile.Write(ref unclean, 1);
        }

        if (!await system.TerminateWithin(settings.Actors.ShutdownTimeout).ConfigureAwait(false))
        {
            Volatile.Write(ref unclean, 1);
        }

        Smtp?.Dispose();
    }

    /// <summary>The node's part of each coordinated shutdown phase; a step that fails or runs late marks the stop unclean, and the next phase runs anyway.</summary>
    private void AddShutdownTasks()
    {
        var shutdown = CoordinatedShutdown.Get(system);
        var timeout = settings.Actors.ShutdownTimeout;
        shutdown.AddTask(CoordinatedShutdown.PhaseServiceUnbind, "stop-accepting", () => Step(async () =>
        {
            await Admin.DisposeAsync().ConfigureAwait(false);
            if (Metrics is not null)
            {
                await Metrics.DisposeAsync().ConfigureAwait(false);
            }

            if (TrapPage is not null)
            {
                await TrapPage.DisposeAsync().ConfigureAwait(false);
            }

            await Smtp.StopAcceptingAsync().ConfigureAwait(false);
            return true;
        }));
        // Sessions tell their clients 421 and emit their verdicts while the shards still run to take them.
        shutdown.AddTask(CoordinatedShutdown.PhaseServiceRequestsDone, "end-sessions", () => Step(() => Smtp.StopAsync(timeout)));
        shutdown.AddTask(CoordinatedShutdown.PhaseServiceStop, "stop-publishing", () => Step(async () =>
        {
            await Publishing.DisposeAsync().ConfigureAwait(false);
            return true;
        }));
        // While this node is still a member: every verdict it sent accepted by its entity's node, or written here.
        shutdown.AddTask(CoordinatedShutdown.PhaseBeforeClusterShutdown, "drain-verdicts", () => Step(() => Reputation.DrainAsync(timeout)));
        // Flushes every shard's pending evidence to the store (or the spool), then closes the store.
        shutdown.AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "flush-verdicts", () => Step(async () =>
        {
            await Reputation.StopAsync(timeout).ConfigureAwait(false);
            trapMetrics.Dispose();
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
            Log.ShutdownStepFailed(logger, settings.Node.Name, e.Message);
        }

        return Done.Instance;
    }

    /// <summary>
    /// /readyz: the listeners are bound, this node is an up member of its cluster, and the store takes verdicts (spooling
    /// counts: nothing is lost). DNSBL zones failing their self-test make the node degraded, still ready unless
    /// actortrap.dnsbl.degraded-is-not-ready is on: the tarpit still holds the clients on our own list and drops or
    /// observes the rest, and a DNSBL or resolver outage would otherwise take every pod out of its Service at once.
    /// </summary>
    private ReadinessRoutes Readiness(SmtpEdge smtp, ReputationService reputation) => new(
        new ReadinessCheck("smtp", () => smtp.IsListening ? (true, "") : (false, "listeners not bound yet")),
        new ReadinessCheck("cluster", () => Cluster.ClusterMembership.IsUp(system)
            ? (true, $"up, {Akka.Cluster.Cluster.Get(system).State.Members.Count} members")
            : (false, $"not an up member of the cluster yet ({Akka.Cluster.Cluster.Get(system).SelfMember.Status.ToString().ToLowerInvariant()})")),
        new ReadinessCheck("reputation", () => (true, reputation.SpoolDepth.Batches == 0
            ? $"{reputation.StoreKind} store"
            : $"{reputation.StoreKind} store unreachable, {reputation.SpoolDepth.Batches} batches spooled")),
        new ReadinessCheck("dnsbl", () =>
        {
            var zones = dnsblHealth.Zones;
            var detail = DnsblHealth.Describe(zones);
            return !DnsblHealth.IsDegraded(zones) ? (ReadinessState.Ready, detail)
                : settings.Dnsbl.DegradedIsNotReady ? (ReadinessState.NotReady, "degraded: " + detail)
                : (ReadinessState.Degraded, detail);
        }));

    /// <summary>/healthz: what works with less than it should (null when all is well); liveness stays 200 either way.</summary>
    private string? Degradation() => dnsblHealth.Degraded ? "dnsbl: " + DnsblHealth.Describe(dnsblHealth.Zones) : null;

    private void LogResolverStarted()
    {
        var zones = settings.Dnsbl.Zones.Where(z => z.Enabled).Select(z => z.Zone).ToList();
        Log.ResolverStarted(logger, zones.Count, string.Join(", ", zones), string.Join(", ", settings.Dns.Servers.Select(ListenAddress.Format)),
            (long)settings.Dns.Timeout.TotalMilliseconds, (long)settings.Dns.LookupBudget.TotalMilliseconds);
    }

    /// <summary>Why the coordinated shutdown ran: the node was stopped (signal, dispose, or a spec).</summary>
    private sealed class NodeStopReason : CoordinatedShutdown.Reason
    {
        public static readonly NodeStopReason Instance = new();

        public override int ExitCode => 0;
    }
}

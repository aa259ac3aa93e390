using System.Diagnostics;
using System.Net;
using ActorTrap.Actors;
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
/// One running node: its actor system and its endpoints, started in dependency order (resolver, reputation store
/// and shards, admin endpoint, SMTP listeners last) and stopped in reverse (stop accepting, sessions say 421 and
/// emit their verdicts, the shards flush, then everything else, children before parents).
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
    public static async Task<NodeHost> StartAsync(NodeSettings settings, ILoggerFactory loggerFactory, TimeProvider timeProvider, CancellationToken cancellationToken,
        ILocalBlacklist? publishedList = null, IVerdictSink? collectedVerdicts = null)
    {
        var logger = loggerFactory.CreateLogger("ActorTrap.Node");
        var started = Stopwatch.StartNew();

        // First, so that every instrument created from here on is collected.
        var metrics = new PrometheusCollector();
        var system = ActorSystem.Create("actortrap", new ActorSystemOptions
        {
            TimeProvider = timeProvider,
            LoggerFactory = loggerFactory,
            Throughput = settings.Actors.Throughput,
            DefaultAskTimeout = settings.Actors.AskTimeout,
            TimerSlack = settings.Actors.TimerSlack,
        });

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

            await system.TerminateAsync(settings.Actors.ShutdownTimeout).ConfigureAwait(false);
            dnsTransport.Dispose();
            dnsMetrics.Dispose();
            metrics.Dispose();
            throw;
        }

        reputation.AdvertiseAdminEndpoint(admin.BoundEndPoint);
        Log.NodeStarted(logger, settings.Node.Name, started.ElapsedMilliseconds);
        return new NodeHost(settings, system, admin, logger, dnsTransport, resolver, reputation, smtp, metrics, publishing, dnsMetrics, actorMetrics);
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
        await admin.DisposeAsync().ConfigureAwait(false);
        // Sessions first: each tells its client 421 and emits its verdict while the shards still run to take it.
        var clean = await smtp.StopAsync(Settings.Actors.ShutdownTimeout).ConfigureAwait(false);
        await Publishing.DisposeAsync().ConfigureAwait(false);
        // Flushes every shard's pending evidence to the store (or the spool) before the actors stop.
        await Reputation.StopAsync(Settings.Actors.ShutdownTimeout).ConfigureAwait(false);
        clean &= await System.TerminateAsync(Settings.Actors.ShutdownTimeout).ConfigureAwait(false);
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

    private static void LogResolverStarted(ILogger logger, NodeSettings settings)
    {
        var zones = settings.Dnsbl.Zones.Where(z => z.Enabled).Select(z => z.Zone).ToList();
        Log.ResolverStarted(logger, zones.Count, string.Join(", ", zones), string.Join(", ", settings.Dns.Servers.Select(ListenAddress.Format)),
            (long)settings.Dns.Timeout.TotalMilliseconds, (long)settings.Dns.LookupBudget.TotalMilliseconds);
    }
}

using System.Diagnostics;
using System.Net;
using ActorTrap.Actors;
using ActorTrap.Dns.Client;
using ActorTrap.Metrics;
using ActorTrap.Node.Admin;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Publishing;
using ActorTrap.Node.Reputation;
using ActorTrap.Node.Resolver;
using ActorTrap.Node.Session;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Hosting;

/// <summary>
/// One running node: its actor system and its endpoints, started in dependency order and stopped in
/// reverse (stop accepting work first, then the actors, children before parents).
/// </summary>
public sealed class NodeHost : IAsyncDisposable
{
    private readonly ILogger logger;
    private readonly AdminServer admin;
    private readonly DnsClient dnsClient;
    private int stopped;

    private NodeHost(NodeSettings settings, ActorSystem system, AdminServer admin, ILogger logger, DnsClient dnsClient, IActorRef resolver,
        PrometheusCollector metrics, PublishingHost publishing)
    {
        Settings = settings;
        System = system;
        this.admin = admin;
        this.logger = logger;
        this.dnsClient = dnsClient;
        Resolver = resolver;
        Metrics = metrics;
        Publishing = publishing;
    }

    public NodeSettings Settings { get; }

    public ActorSystem System { get; }

    /// <summary>The node's DNS resolver actor at <c>/user/resolver</c>: sessions ask it <see cref="CheckClient"/>, <see cref="CheckReverseDns"/>, <see cref="CheckMx"/>.</summary>
    public IActorRef Resolver { get; }

    /// <summary>The admin endpoint actually bound (the real port when configured with port 0).</summary>
    public IPEndPoint AdminEndPoint => admin.BoundEndPoint;

    /// <summary>Every ActorTrap meter, served as <c>/metrics</c>.</summary>
    public PrometheusCollector Metrics { get; }

    /// <summary>The DNSBL responder, exports and feeds configured under <c>actortrap.publish</c>.</summary>
    internal PublishingHost Publishing { get; }

    /// <param name="blacklist">The reputation store's local blacklist, which the DNSBL responder, the rbldnsd export and the HTTP feed publish; null until a store runs in this node.</param>
    /// <param name="verdictSink">The reputation aggregator, which receives the verdicts a UDP feed collector accepts; null when there is none.</param>
    public static async Task<NodeHost> StartAsync(NodeSettings settings, ILoggerFactory loggerFactory, TimeProvider timeProvider, CancellationToken cancellationToken,
        ILocalBlacklist? blacklist = null, IVerdictSink? verdictSink = null)
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
        });

        var dnsClient = ResolverSetup.Client(settings.Dns, timeProvider);
        var resolver = system.ActorOf(ResolverSetup.Props(dnsClient, ResolverSetup.Options(settings), loggerFactory), ResolverSetup.ActorName);
        LogResolverStarted(logger, settings);

        AdminServer admin;
        PublishingHost? publishing = null;
        try
        {
            publishing = PublishingHost.Start(settings.Publish, blacklist, verdictSink, timeProvider, loggerFactory);
            admin = await AdminServer.StartAsync(settings.Admin, system, loggerFactory, [new MetricsRoutes(metrics), .. publishing.Routes], cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (publishing is not null)
            {
                await publishing.DisposeAsync().ConfigureAwait(false);
            }

            await system.TerminateAsync(settings.Actors.ShutdownTimeout).ConfigureAwait(false);
            dnsClient.Dispose();
            metrics.Dispose();
            throw;
        }

        Log.NodeStarted(logger, settings.Node.Name, started.ElapsedMilliseconds);
        return new NodeHost(settings, system, admin, logger, dnsClient, resolver, metrics, publishing);
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
        await Publishing.DisposeAsync().ConfigureAwait(false);
        var clean = await System.TerminateAsync(Settings.Actors.ShutdownTimeout).ConfigureAwait(false);
        dnsClient.Dispose(); // after the resolver stopped: queries still on the wire end now
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

    private static void LogResolverStarted(ILogger logger, NodeSettings settings)
    {
        var zones = settings.Dnsbl.Zones.Where(z => z.Enabled).Select(z => z.Zone).ToList();
        Log.ResolverStarted(logger, zones.Count, string.Join(", ", zones), string.Join(", ", settings.Dns.Servers.Select(ListenAddress.Format)),
            (long)settings.Dns.Timeout.TotalMilliseconds, (long)settings.Dns.LookupBudget.TotalMilliseconds);
    }
}

using System.Diagnostics;
using System.Net;
using ActorTrap.Actors;
using ActorTrap.Dns.Client;
using ActorTrap.Node.Admin;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Listener;
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
    private readonly SmtpEdge smtp;
    private int stopped;

    private NodeHost(NodeSettings settings, ActorSystem system, AdminServer admin, ILogger logger, DnsClient dnsClient, IActorRef resolver, SmtpEdge smtp)
    {
        Settings = settings;
        System = system;
        this.admin = admin;
        this.logger = logger;
        this.dnsClient = dnsClient;
        this.smtp = smtp;
        Resolver = resolver;
    }

    /// <summary>The SMTP endpoints actually bound (real ports when configured with port 0).</summary>
    public IReadOnlyList<IPEndPoint> SmtpEndPoints => smtp.Listener.BoundEndPoints;

    /// <summary>Live sessions, for the admin API.</summary>
    internal SessionRegistry Sessions => smtp.Registry;

    internal SmtpEdge Smtp => smtp;

    public NodeSettings Settings { get; }

    public ActorSystem System { get; }

    /// <summary>The node's DNS resolver actor at <c>/user/resolver</c>: sessions ask it <see cref="CheckClient"/>, <see cref="CheckReverseDns"/>, <see cref="CheckMx"/>.</summary>
    public IActorRef Resolver { get; }

    /// <summary>The admin endpoint actually bound (the real port when configured with port 0).</summary>
    public IPEndPoint AdminEndPoint => admin.BoundEndPoint;

    public static async Task<NodeHost> StartAsync(NodeSettings settings, ILoggerFactory loggerFactory, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger("ActorTrap.Node");
        var started = Stopwatch.StartNew();
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

        AdminServer? admin = null;
        var smtp = SmtpEdge.Create(settings, system, resolver, blacklist: null, sink: null, loggerFactory, timeProvider);
        try
        {
            admin = await AdminServer.StartAsync(settings.Admin, system, loggerFactory, cancellationToken, SmtpAdminRoutes.For(smtp),
                ReadinessRoutes.For(new ReadinessCheck("smtp", () => smtp.IsListening ? (true, "") : (false, "listeners not bound yet")))).ConfigureAwait(false);
            // Listeners last: a connection accepted before its dependencies run would have nobody to serve it.
            smtp.Listen();
        }
        catch
        {
            if (admin is not null)
            {
                await admin.DisposeAsync().ConfigureAwait(false);
            }

            await system.TerminateAsync(settings.Actors.ShutdownTimeout).ConfigureAwait(false);
            smtp.Dispose();
            dnsClient.Dispose();
            throw;
        }

        Log.NodeStarted(logger, settings.Node.Name, started.ElapsedMilliseconds);
        return new NodeHost(settings, system, admin, logger, dnsClient, resolver, smtp);
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
        // Sessions first: each tells its client 421 and emits its verdict while the rest still runs to take it.
        var clean = await smtp.StopAsync(Settings.Actors.ShutdownTimeout).ConfigureAwait(false);
        clean &= await System.TerminateAsync(Settings.Actors.ShutdownTimeout).ConfigureAwait(false);
        smtp.Dispose();
        dnsClient.Dispose(); // after the resolver stopped: queries still on the wire end now
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

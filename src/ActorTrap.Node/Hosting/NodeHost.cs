using System.Diagnostics;
using System.Net;
using ActorTrap.Actors;
using ActorTrap.Node.Admin;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Reputation;
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
    private int stopped;

    private NodeHost(NodeSettings settings, ActorSystem system, ReputationService reputation, AdminServer admin, ILogger logger)
    {
        Settings = settings;
        System = system;
        Reputation = reputation;
        this.admin = admin;
        this.logger = logger;
    }

    public NodeSettings Settings { get; }

    public ActorSystem System { get; }

    /// <summary>The reputation stage: store, shards, blacklist copy, cluster; manual list/delist and the admin queries.</summary>
    public ReputationService Reputation { get; }

    /// <summary>Where session actors send their verdicts.</summary>
    public IVerdictSink VerdictSink => Reputation.Sink;

    /// <summary>This node's copy of our own blacklist, for session actors (hold listed clients without DNS).</summary>
    public ILocalBlacklist Blacklist => Reputation.Blacklist;

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

        // Start order: the store and the shards before anything that produces verdicts (listeners come later).
        ReputationService reputation;
        try
        {
            reputation = await ReputationService.StartAsync(settings, system, loggerFactory, timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await system.TerminateAsync(settings.Actors.ShutdownTimeout).ConfigureAwait(false);
            throw;
        }

        AdminServer admin;
        try
        {
            admin = await AdminServer.StartAsync(settings.Admin, system, loggerFactory, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await reputation.StopAsync(settings.Actors.ShutdownTimeout).ConfigureAwait(false);
            await system.TerminateAsync(settings.Actors.ShutdownTimeout).ConfigureAwait(false);
            throw;
        }

        reputation.AdvertiseAdminEndpoint(admin.BoundEndPoint);
        Log.NodeStarted(logger, settings.Node.Name, started.ElapsedMilliseconds);
        return new NodeHost(settings, system, reputation, admin, logger);
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
        // Flushes every shard's pending evidence to the store (or the spool) before the actors stop.
        await Reputation.StopAsync(Settings.Actors.ShutdownTimeout).ConfigureAwait(false);
        var clean = await System.TerminateAsync(Settings.Actors.ShutdownTimeout).ConfigureAwait(false);
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
}

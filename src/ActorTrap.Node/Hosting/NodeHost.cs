using System.Diagnostics;
using System.Net;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Hosting.Reload;
using ActorTrap.Node.Publishing;
using ActorTrap.Node.Reputation;
using ActorTrap.Node.Resolver.Transport;
using ActorTrap.Node.Session;
using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Hosting;

/// <summary>
/// One running node: the Generic Host built by <see cref="NodeComposition"/> (the actor system from Akka.Hosting,
/// then <see cref="NodeStages"/>), and what callers and specs read of it. Stopping it runs Akka's coordinated
/// shutdown, whose phases stop the stages in reverse order (see <see cref="NodeStages"/>).
/// </summary>
public sealed class NodeHost : IAsyncDisposable
{
    private readonly IHost host;
    private readonly NodeStages stages;
    private readonly ILogger logger;
    private readonly TaskCompletionSource<string> removed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int stopped;

    private NodeHost(IHost host, NodeSettings settings, ILogger logger)
    {
        this.host = host;
        this.logger = logger;
        Settings = settings;
        stages = host.Services.GetRequiredService<NodeStages>();
        System = host.Services.GetRequiredService<ActorSystem>();
        var shutdown = CoordinatedShutdown.Get(System);
        shutdown.AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "note-removed", () =>
        {
            switch (shutdown.ShutdownReason)
            {
                case CoordinatedShutdown.ClusterDowningReason:
                    Log.NodeDowned(logger, settings.Node.Name);
                    break;
                case CoordinatedShutdown.ClusterLeavingReason:
                    Log.NodeLeft(logger, settings.Node.Name);
                    break;
            }

            return Task.FromResult(Akka.Done.Instance);
        });
        System.WhenTerminated.ContinueWith(_ =>
        {
            switch (shutdown.ShutdownReason)
            {
                case CoordinatedShutdown.ClusterDowningReason:
                    removed.TrySetResult("downed by the cluster");
                    break;
                case CoordinatedShutdown.ClusterLeavingReason:
                    removed.TrySetResult("left the cluster");
                    break;
            }
        }, TaskScheduler.Default);
    }

    /// <summary>The DNSBL responder, exports and feeds configured under <c>actortrap.publish</c>.</summary>
    internal PublishingHost Publishing => stages.Publishing;

    public NodeSettings Settings { get; }

    public ActorSystem System { get; }

    /// <summary>The node's DNS resolver actor at <c>/user/resolver</c>: sessions ask it <see cref="Resolver.CheckClient"/>, <see cref="Resolver.CheckReverseDns"/>, <see cref="Resolver.CheckMx"/>.</summary>
    public IActorRef Resolver => stages.Resolver;

    /// <summary>The DNS client's counters (timeouts, dropped forged or malformed answers, queries in flight) for metrics and the admin API.</summary>
    internal DnsTransportStats DnsStats => stages.DnsStats;

    /// <summary>The reputation stage: store, shards, blacklist copy, cluster; manual list/delist and the admin queries.</summary>
    public ReputationService Reputation => stages.Reputation;

    /// <summary>Where session actors send their verdicts.</summary>
    public IVerdictSink VerdictSink => Reputation.Sink;

    /// <summary>This node's copy of our own blacklist, for session actors (hold listed clients without DNS).</summary>
    public ILocalBlacklist Blacklist => Reputation.Blacklist;

    /// <summary>The admin endpoint actually bound (the real port when configured with port 0).</summary>
    public IPEndPoint AdminEndPoint => stages.Admin.BoundEndPoint;

    /// <summary>The metrics listener as bound (<c>actortrap.metrics.listen</c>), or null when it is off.</summary>
    public IPEndPoint? MetricsEndPoint => stages.Metrics?.BoundEndPoint;

    /// <summary>The SMTP endpoints actually bound (real ports when configured with port 0).</summary>
    public IReadOnlyList<IPEndPoint> SmtpEndPoints => stages.Smtp.Listener.BoundEndPoints;

    /// <summary>Live sessions, for the admin API.</summary>
    internal SessionRegistry Sessions => stages.Smtp.Registry;

    internal SmtpEdge Smtp => stages.Smtp;

    /// <remarks>
    /// The node's clock is its actor system's (<see cref="Actors.ActorClock"/>): the system clock, or the virtual time of
    /// Akka.TestKit's TestScheduler when the configuration's akka section selects it (specs do).
    /// </remarks>
    /// <param name="publishedList">Publish this list instead of the reputation stage's (publishing specs use it to serve fixed listings).</param>
    /// <param name="collectedVerdicts">Where UDP feed lines a collector accepts go instead of the reputation stage (publishing specs count them).</param>
    /// <param name="reload">Where <see cref="ReloadAsync"/> reads the configuration again (<c>actortrap run</c> passes its file and overrides).</param>
    public static async Task<NodeHost> StartAsync(NodeSettings settings, ILoggerFactory loggerFactory, CancellationToken cancellationToken,
        ILocalBlacklist? publishedList = null, IVerdictSink? collectedVerdicts = null, ReloadSource? reload = null)
    {
        var host = NodeComposition.Build(settings, loggerFactory, publishedList, collectedVerdicts, reload);
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // A stage that failed to start stopped what it had started; this stops the actor system. What went wrong in
            // the cleanup must not replace why the start failed: an actor system whose remoting never bound threw
            // "Value cannot be null" on stop, and that was all the operator saw of a port in use (issue 16).
            try
            {
                using var bound = new CancellationTokenSource(NodeComposition.Bound(settings));
                await host.StopAsync(bound.Token).ConfigureAwait(false);
                await DisposeHostAsync(host).ConfigureAwait(false);
            }
            #pragma warning disable CA1031 // the start failure is rethrown below; this one is only what the cleanup met
            catch (Exception cleanup)
#pragma warning restore CA1031
            {
                Log.StartCleanupFailed(loggerFactory.CreateLogger("ActorTrap.Node"), cleanup.GetBaseException().Message);
            }

            throw;
        }

        return new NodeHost(host, settings, loggerFactory.CreateLogger("ActorTrap.Node"));
    }

    /// <summary>
    /// Reads the configuration again and applies what can change at run time (zones, weights, allow-lists, traps, the
    /// feed key), without touching held clients; a configuration that does not validate is refused, its errors logged.
    /// </summary>
    /// <param name="trigger">Who asked (SIGHUP, the admin API), for the log.</param>
    public Task<ReloadResult> ReloadAsync(string trigger, CancellationToken cancellationToken)
    {
        return host.Services.GetRequiredService<ConfigReload>().ReloadAsync(trigger, cancellationToken);
    }

    /// <summary>
    /// Completes when the actor system terminated by itself, without <see cref="StopAsync"/>: the cluster downed this
    /// node (its split-brain resolver, or <c>ctl cluster down</c>), or the node left the cluster (<c>ctl cluster
    /// leave</c>), and the coordinated shutdown ran (421 to held clients, verdicts written, shards handed over). The
    /// result says why. Akka lets a member join once: the process must end and start again to rejoin.
    /// </summary>
    public Task<string> Removed => removed.Task;

    /// <summary>True when the coordinated shutdown ran because the cluster downed this node.</summary>
    public bool WasDowned => CoordinatedShutdown.Get(System).ShutdownReason is CoordinatedShutdown.ClusterDowningReason;

    /// <summary>Stops the node; returns false when a shutdown step failed or did not finish within its timeout.</summary>
    public async Task<bool> StopAsync(string reason)
    {
        if (Interlocked.Exchange(ref stopped, 1) == 1)
        {
            return true;
        }

        var elapsed = Stopwatch.StartNew();
        Log.NodeStopping(logger, Settings.Node.Name, reason);
        using (var bound = new CancellationTokenSource(NodeComposition.Bound(Settings) + Settings.Actors.ShutdownTimeout))
        {
            await host.StopAsync(bound.Token).ConfigureAwait(false);
        }

        var clean = stages.Clean;
        // The DNS client after the resolver stopped (queries still on the wire end now), the meters last.
        await DisposeHostAsync(host).ConfigureAwait(false);
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

    private static async Task DisposeHostAsync(IHost host)
    {
        if (host is IAsyncDisposable asyncHost)
        {
            await asyncHost.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            host.Dispose();
        }
    }
}

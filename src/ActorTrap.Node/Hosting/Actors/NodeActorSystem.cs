using System.Globalization;
using ActorTrap.Node.Configuration;
using Akka.Actor;
using Akka.Configuration;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Hosting.Actors;

/// <summary>Creates a node's Akka actor system from the resolved configuration.</summary>
internal static class NodeActorSystem
{
    /// <summary>
    /// An actor system configured by the <c>akka</c> section (<see cref="ActorOptions.AkkaHocon"/>) over what the
    /// <c>actortrap.actors</c> keys set, with Akka's log events going to <paramref name="loggerFactory"/>.
    /// Throws <see cref="ConfigurationException"/> (or Akka's own exception) when Akka refuses a setting.
    /// </summary>
    public static ActorSystem Create(string name, ActorOptions options, ILoggerFactory loggerFactory)
    {
        var config = Config(options);
        var setup = BootstrapSetup.Create().WithConfig(config).And(new LoggerFactorySetup(loggerFactory));
        var system = ActorSystem.Create(name, setup);
        WarmScheduler(system);
        return system;
    }

    /// <summary>
    /// Starts and stops an actor system with these settings, for <c>config check</c>: null when Akka accepts them,
    /// otherwise Akka's reason (the first line of each nested exception).
    /// </summary>
    public static string? Check(ActorOptions options)
    {
        try
        {
            var system = Create("actortrap-config-check", options, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
            system.TerminateWithin(options.ShutdownTimeout).GetAwaiter().GetResult();
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var reasons = new List<string>();
            for (var cause = e; cause is not null; cause = cause.InnerException)
            {
                reasons.Add(cause.Message.Split('\n')[0].Trim());
            }

            return string.Join(": ", reasons.Distinct());
        }
    }

    /// <summary>
    /// The configuration handed to Akka: the user's (and the reference's) akka section, then what the actortrap.actors
    /// and (for a node, not a command-line tool) actortrap.cluster keys set, so an explicit akka key always wins.
    /// </summary>
    public static Config Config(ActorOptions options, ClusterOptions? cluster = null)
    {
        var fromActors = ConfigurationFactory.ParseString(string.Create(CultureInfo.InvariantCulture, $$"""
            akka.actor.default-dispatcher.throughput = {{options.Throughput}}
            akka.actor.ask-timeout = {{(long)options.AskTimeout.TotalMilliseconds}}ms
            akka.coordinated-shutdown.default-phase-timeout = {{(long)options.ShutdownTimeout.TotalMilliseconds}}ms
            """));
        if (cluster is not null)
        {
            fromActors = ConfigurationFactory.ParseString(ClusterHocon(cluster)).WithFallback(fromActors);
            if (cluster.Discovery == ClusterDiscovery.Kubernetes)
            {
                fromActors = fromActors.WithFallback(Cluster.KubernetesBootstrap.ReferenceConfig());
            }
        }

        return options.AkkaHocon.Length == 0 ? fromActors : ConfigurationFactory.ParseString(options.AkkaHocon).WithFallback(fromActors);
    }

    /// <summary>A HOCON quoted string.</summary>
    internal static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// Akka.Cluster's settings from <c>actortrap.cluster</c>: remoting, seeds, roles, the split-brain resolver, the
    /// failure detector, and with <c>discovery = kubernetes</c> Akka.Management's bootstrap (<see cref="Cluster.KubernetesBootstrap.Hocon"/>).
    /// </summary>
    internal static string ClusterHocon(ClusterOptions cluster)
    {
        static string Millis(TimeSpan t) => ((long)t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
        var hostname = cluster.Hostname.StartsWith('[') ? cluster.Hostname[1..^1] : cluster.Hostname;
        return string.Create(CultureInfo.InvariantCulture, $$"""
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp.hostname = {{Quote(hostname)}}
            akka.remote.dot-netty.tcp.port = {{cluster.Port}}
            akka.cluster.seed-nodes = [{{string.Join(", ", cluster.SeedNodes.Select(Quote))}}]
            akka.cluster.roles = [{{string.Join(", ", cluster.Roles.Select(Quote))}}]
            akka.cluster.downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
            akka.cluster.split-brain-resolver.active-strategy = {{cluster.SplitBrainStrategy}}
            akka.cluster.split-brain-resolver.stable-after = {{Millis(cluster.StableAfter)}}
            akka.cluster.down-removal-margin = {{(cluster.DownRemovalMargin == TimeSpan.Zero ? "off" : Millis(cluster.DownRemovalMargin))}}
            akka.cluster.failure-detector.heartbeat-interval = {{Millis(cluster.HeartbeatInterval)}}
            akka.cluster.failure-detector.acceptable-heartbeat-pause = {{Millis(cluster.AcceptableHeartbeatPause)}}
            akka.remote.retry-gate-closed-for = {{Millis(ReconnectGate(cluster.StableAfter))}}
            akka.cluster.run-coordinated-shutdown-when-down = on
            akka.cluster.log-info = off
            akka.actor.serializers.actortrap-reputation = "ActorTrap.Node.Reputation.Sharding.ReputationSerializer, ActorTrap.Node"
            akka.actor.serialization-bindings {
              "ActorTrap.Node.Reputation.Sharding.IReputationWire, ActorTrap.Node" = actortrap-reputation
            }
            akka.actor.serialization-identifiers {
              "ActorTrap.Node.Reputation.Sharding.ReputationSerializer, ActorTrap.Node" = {{Reputation.Sharding.ReputationSerializer.SerializerId}}
            }
            """) + (cluster.Discovery == ClusterDiscovery.Kubernetes ? "\n" + Cluster.KubernetesBootstrap.Hocon(cluster) : "");
    }

    /// <summary>
    /// How long Akka.Remote waits before it connects again to an address it failed to reach: a quarter of the resolver's
    /// stable-after, between 1 s (Akka warns that less makes reconnect storms) and Akka's default 5 s. A node resumed after
    /// the others removed it (frozen, paused) learns that they quarantined it only when it connects to them again, and it
    /// must learn that (and down itself) before its own resolver acts on its stale view, stable-after after waking.
    /// </summary>
    internal static TimeSpan ReconnectGate(TimeSpan stableAfter) =>
        TimeSpan.FromTicks(Math.Clamp(stableAfter.Ticks / 4, TimeSpan.TicksPerSecond, 5 * TimeSpan.TicksPerSecond));

    /// <summary>
    /// Starts the scheduler's worker now. Akka 1.5.75 starts it with the first timer and blocks that caller until
    /// the worker thread runs (<c>Task.Wait()</c>); hundreds of session actors scheduling their first timers at once
    /// then blocked the thread pool for 25-40 s (measured here). One timer at start-up pays that once, on this thread.
    /// </summary>
    public static void WarmScheduler(ActorSystem system)
    {
        var started = new ManualResetEventSlim(); // not disposed: a late Set after the wait gave up must not throw on the scheduler thread
        system.Scheduler.Advanced.ScheduleOnce(TimeSpan.Zero, started.Set);
        // Under a virtual scheduler (tests) nothing runs until time is advanced, and nothing needs warming.
        if (system.Scheduler is SchedulerBase)
        {
            started.Wait(TimeSpan.FromSeconds(10));
        }
    }
}

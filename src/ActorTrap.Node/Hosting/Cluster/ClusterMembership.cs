using ActorTrap.Node.Configuration;
using Akka.Actor;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Hosting.Cluster;

/// <summary>
/// How a node joins its cluster: a node with no seed nodes and no discovery joins itself (a cluster of one on
/// loopback); with seed nodes Akka joins them by itself (<c>akka.cluster.seed-nodes</c>); on Kubernetes,
/// Akka.Management's cluster bootstrap finds the other pods. Also watches membership for the log and readiness, and
/// downs this node when the others have quarantined it (<see cref="QuarantineWatchActor"/>).
/// </summary>
internal static class ClusterMembership
{
    /// <summary>Starts joining; done once the join is under way (on Kubernetes, once Akka.Management listens), not once joined.</summary>
    public static async Task JoinAsync(ActorSystem system, ClusterOptions options, string nodeName, ILogger logger, CancellationToken cancellationToken)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        system.ActorOf(Props.Create(() => new MembershipLogActor(nodeName, logger)), "membership-log");
        system.ActorOf(Props.Create(() => new QuarantineWatchActor(logger)), "quarantine-watch");
        if (options.Alone)
        {
            cluster.Join(cluster.SelfAddress);
        }
        else if (options.Discovery == ClusterDiscovery.Kubernetes)
        {
            await KubernetesBootstrap.StartAsync(system, options, logger, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// This node's status when it is no longer a member (<c>down</c> or <c>removed</c>: the cluster downed it, or it
    /// left, and nobody in the cluster will talk to it again); null while it is one or is still joining.
    /// </summary>
    public static string? GoneStatus(ActorSystem system)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var status = cluster.SelfMember.Status;
        return cluster.IsTerminated ? "removed"
            : status is Akka.Cluster.MemberStatus.Down or Akka.Cluster.MemberStatus.Removed ? status.ToString().ToLowerInvariant()
            : null;
    }

    /// <summary>True once this node is an up member of its cluster (readiness).</summary>
    public static bool IsUp(ActorSystem system)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        return cluster.SelfMember.Status == Akka.Cluster.MemberStatus.Up && !cluster.IsTerminated;
    }
}

namespace ActorTrap.Node.Configuration;

/// <summary>How members find each other (<c>actortrap.cluster.discovery</c>).</summary>
public enum ClusterDiscovery
{
    /// <summary>The configured seed nodes; none makes the node a cluster of one.</summary>
    SeedNodes,

    /// <summary>Akka.Management's cluster bootstrap over Akka.Discovery.KubernetesApi.</summary>
    Kubernetes,
}

/// <summary><c>actortrap.cluster.kubernetes</c>: cluster bootstrap on Kubernetes.</summary>
/// <param name="ManagementPort">Akka.Management's HTTP port on the cluster hostname, which other pods' bootstrap asks (8558).</param>
/// <param name="PodLabelSelector">Kubernetes label selector of this cluster's pods, used as written.</param>
/// <param name="RequiredContactPoints">Pods that must be found before the first of them forms a new cluster.</param>
/// <param name="PodNamespace">Namespace whose pods are listed; empty reads the pod's service-account namespace file.</param>
public sealed record KubernetesBootstrapOptions(int ManagementPort, string PodLabelSelector, int RequiredContactPoints, string PodNamespace);

/// <summary><c>actortrap.cluster</c>: the node's Akka.Cluster membership (rendered into Akka's configuration by <c>NodeActorSystem</c>).</summary>
/// <param name="Hostname">Akka.Remote's address (bound and advertised).</param>
/// <param name="Port">Akka.Remote's port; 0 takes a free one (a cluster of one).</param>
/// <param name="SeedNodes">Full Akka addresses (<c>akka.tcp://actortrap@host:port</c>) to join at start.</param>
/// <param name="Roles">Akka.Cluster roles of this node, shown by <c>ctl cluster show</c>.</param>
/// <param name="Address">This node's admin endpoint as others should reach it; the bound one when empty.</param>
/// <param name="SplitBrainStrategy">Akka's split-brain resolver strategy (keep-majority, keep-oldest, down-all).</param>
/// <param name="StableAfter">How long membership must be stable before the resolver downs anything.</param>
/// <param name="DownRemovalMargin">After a member is removed, how long before its shards and singletons start elsewhere; zero = Akka's own (stable-after).</param>
public sealed record ClusterOptions(
    string Hostname,
    int Port,
    IReadOnlyList<string> SeedNodes,
    ClusterDiscovery Discovery,
    KubernetesBootstrapOptions Kubernetes,
    IReadOnlyList<string> Roles,
    string Address,
    string SplitBrainStrategy,
    TimeSpan StableAfter,
    TimeSpan HeartbeatInterval,
    TimeSpan AcceptableHeartbeatPause,
    TimeSpan DownRemovalMargin)
{
    /// <summary>The actor system's name: part of every member's address, so every node of a cluster must use it.</summary>
    public const string SystemName = "actortrap";

    /// <summary>Strategies of Akka.NET's split-brain resolver this configuration accepts (static-quorum needs a size we do not ask for).</summary>
    public static readonly IReadOnlyList<string> Strategies = ["keep-majority", "keep-oldest", "down-all"];

    /// <summary>True when the node joins nobody but itself.</summary>
    public bool Alone => SeedNodes.Count == 0 && Discovery == ClusterDiscovery.SeedNodes;
}

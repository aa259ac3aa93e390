namespace ActorTrap.Node.Reputation.Cluster;

/// <summary>One member of the Akka cluster as <c>ctl cluster show</c> prints it.</summary>
/// <param name="Address">Its Akka address (<c>akka.tcp://actortrap@host:port</c>): what <c>ctl cluster leave/down/join</c> take.</param>
/// <param name="Status">Akka's member status in lower case: joining, weaklyup, up, leaving, exiting, down, removed.</param>
/// <param name="Reachable">False while this node's failure detector, or another member's, finds it unreachable.</param>
/// <param name="Name">Its <c>actortrap.node.name</c>; null when it did not answer (unreachable, starting, stopping).</param>
/// <param name="AdminAddress">Its admin API, as it advertises it; null when it did not answer.</param>
/// <param name="Held">SMTP connections it holds now; null when it did not answer.</param>
/// <param name="RunsChores">It hosts the chores singleton.</param>
public sealed record ClusterMember(string Address, string Status, IReadOnlyList<string> Roles, bool Reachable, string? Name, string? AdminAddress,
    int? Held, DateTimeOffset? StartedAt, bool RunsChores, bool IsSelf)
{
    /// <summary>The hash of the settings members should share (weights, thresholds, allow-lists); null when it did not answer.</summary>
    public string? SettingsHash { get; init; }
}

/// <param name="Self">This node's name.</param>
/// <param name="SelfAddress">This node's Akka address.</param>
/// <param name="Store">"sqlite" (a cluster of one) or "postgres".</param>
/// <param name="Leader">Akka's leader of the cluster (its address), null while there is none.</param>
/// <param name="ChoresNode">Name of the node that runs the chores singleton, null when none answered that it does.</param>
public sealed record ClusterState(string Self, string SelfAddress, string Store, string? Leader, string? ChoresNode, IReadOnlyList<ClusterMember> Members);

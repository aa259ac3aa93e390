namespace ActorTrap.Node.Reputation.Cluster;

/// <summary>How a node looks from its heartbeats.</summary>
public enum MemberStatus
{
    /// <summary>Heartbeat within <c>unreachable-after</c>.</summary>
    Up,

    /// <summary>No heartbeat for <c>unreachable-after</c>; removed after <c>removed-after</c>.</summary>
    Unreachable,
}

/// <summary>One node of the registry, for <c>actortrap ctl cluster</c>.</summary>
/// <param name="Held">SMTP connections the node held at its last heartbeat (live for this node).</param>
public sealed record ClusterMember(string Name, string Address, IReadOnlyList<string> Roles, DateTimeOffset StartedAt, DateTimeOffset LastHeartbeat, MemberStatus Status, int Held = 0);

/// <summary>Ask the cluster actor; the reply is a <see cref="ClusterState"/>.</summary>
public sealed record GetClusterState
{
    public static readonly GetClusterState Instance = new();
}

/// <param name="Self">This node's name.</param>
/// <param name="Store">"sqlite" (a cluster of one) or "postgres".</param>
/// <param name="ChoreHolder">Name of the node running the cluster chores, null when none holds the lock right now.</param>
/// <param name="ChoreRuns">Chore rounds this node ran as the holder.</param>
/// <param name="ChoreRounds">Chore ticks this node finished, holding the lock or not.</param>
public sealed record ClusterState(string Self, string Store, IReadOnlyList<ClusterMember> Members, string? ChoreHolder, bool HoldsChores, long ChoreRuns, long ChoreRounds);

internal sealed record HeartbeatTick
{
    public static readonly HeartbeatTick Instance = new();
}

internal sealed record ChoreTick
{
    public static readonly ChoreTick Instance = new();
}

/// <summary>Replaces the address this node registers (the admin endpoint once it is bound, when none is configured).</summary>
internal sealed record AdvertiseAddress(string Address);

namespace ActorTrap.Node.Configuration;

/// <summary><c>actortrap.cluster</c>: membership in the PostgreSQL node registry (unused with the SQLite store).</summary>
/// <param name="Address">What other nodes and <c>actortrap ctl</c> use to reach this node; the admin endpoint when empty.</param>
/// <param name="Roles">Free-form role names shown in <c>ctl cluster</c>.</param>
/// <param name="HeartbeatInterval">How often this node writes its heartbeat.</param>
/// <param name="UnreachableAfter">A node whose last heartbeat is older than this is shown unreachable.</param>
/// <param name="RemovedAfter">A node whose last heartbeat is older than this is removed from the registry.</param>
public sealed record ClusterOptions(
    string Address,
    IReadOnlyList<string> Roles,
    TimeSpan HeartbeatInterval,
    TimeSpan UnreachableAfter,
    TimeSpan RemovedAfter);

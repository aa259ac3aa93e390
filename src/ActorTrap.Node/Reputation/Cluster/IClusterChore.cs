namespace ActorTrap.Node.Reputation.Cluster;

/// <summary>
/// Work that must run on exactly one node of the cluster (the one holding the chores lock; with SQLite, the only
/// node), every <c>actortrap.reputation.chore-interval</c>. Register with <see cref="ChoreRegistry"/> (the zone
/// export plugs in here). A chore decides itself whether it is due (e.g. hourly); an exception is logged and the
/// next round runs as usual.
/// </summary>
public interface IClusterChore
{
    string Name { get; }

    Task RunAsync(DateTimeOffset now, CancellationToken cancellationToken);
}

using ActorTrap.Node.Reputation.Cluster;

namespace ActorTrap.Node.Publishing.Rbldnsd;

/// <summary>
/// The rbldnsd export as a cluster chore: with PostgreSQL, the node holding the chores lock writes the zone file from
/// its copy of the list (current within a second through NOTIFY), so a cluster writes one file, and another node takes
/// over when that one dies. A node that takes the chores writes at its first round when the list changed since it last
/// wrote the file, or it never did.
/// </summary>
internal sealed class RbldnsdExportChore(PublishingHost publishing) : IClusterChore
{
    public string Name => "rbldnsd-export";

    public Task RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        publishing.WriteRbldnsdExport();
        return Task.CompletedTask;
    }
}

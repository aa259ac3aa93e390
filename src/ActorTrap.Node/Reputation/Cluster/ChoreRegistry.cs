using System.Collections.Immutable;

namespace ActorTrap.Node.Reputation.Cluster;

/// <summary>The chores this node runs when it holds the lock; chores may be added while the node runs.</summary>
public sealed class ChoreRegistry
{
    private ImmutableArray<IClusterChore> chores = [];

    public IReadOnlyList<IClusterChore> All => chores;

    public void Add(IClusterChore chore)
    {
        ArgumentNullException.ThrowIfNull(chore);
        ImmutableInterlocked.Update(ref chores, list => list.Add(chore));
    }
}

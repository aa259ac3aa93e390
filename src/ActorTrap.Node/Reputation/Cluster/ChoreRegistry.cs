using System.Collections.Immutable;

namespace ActorTrap.Node.Reputation.Cluster;

/// <summary>The chores this node runs while it hosts the chores singleton; chores may be added while the node runs.</summary>
public sealed class ChoreRegistry
{
    private ImmutableArray<IClusterChore> chores = [];
    private volatile bool runningHere;
    private long rounds;

    public IReadOnlyList<IClusterChore> All => chores;

    /// <summary>True while this node hosts the chores singleton.</summary>
    public bool RunningHere
    {
        get => runningHere;
        internal set => runningHere = value;
    }

    /// <summary>Chore rounds this node ran.</summary>
    public long Rounds
    {
        get => Interlocked.Read(ref rounds);
        internal set => Interlocked.Exchange(ref rounds, value);
    }

    public void Add(IClusterChore chore)
    {
        ArgumentNullException.ThrowIfNull(chore);
        ImmutableInterlocked.Update(ref chores, list => list.Add(chore));
    }
}

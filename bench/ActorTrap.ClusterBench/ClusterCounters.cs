using ActorTrap.Node.Hosting;

namespace ActorTrap.ClusterBench;

/// <summary>The reputation counters of every node, summed, at one moment.</summary>
internal sealed record ClusterCounters(long In, long Accepted, long VerdictsMerged, long RowsMerged, long Batches, long Spooled, long Replayed,
    long Local, long Resent, long Refused, long Dropped, long Duplicates, long StoreErrors)
{
    public static ClusterCounters Read(IReadOnlyList<NodeHost> nodes)
    {
        var c = nodes.Select(n => n.Reputation.Counters).ToList();
        return new ClusterCounters(c.Sum(x => x.VerdictsIn), c.Sum(x => x.VerdictsAccepted), c.Sum(x => x.VerdictsMerged), c.Sum(x => x.RowsMerged),
            c.Sum(x => x.Batches), c.Sum(x => x.DeltasSpooled), c.Sum(x => x.DeltasReplayed), c.Sum(x => x.VerdictsWrittenLocally),
            c.Sum(x => x.VerdictsResent), c.Sum(x => x.VerdictsRefused), c.Sum(x => x.VerdictsDropped), nodes.Sum(n => n.Reputation.Store.DuplicatesSkipped), c.Sum(x => x.StoreErrors));
    }

    public static ClusterCounters operator -(ClusterCounters a, ClusterCounters b) =>
        new(a.In - b.In, a.Accepted - b.Accepted, a.VerdictsMerged - b.VerdictsMerged, a.RowsMerged - b.RowsMerged, a.Batches - b.Batches,
            a.Spooled - b.Spooled, a.Replayed - b.Replayed, a.Local - b.Local, a.Resent - b.Resent, a.Refused - b.Refused, a.Dropped - b.Dropped,
            a.Duplicates - b.Duplicates, a.StoreErrors - b.StoreErrors);
}

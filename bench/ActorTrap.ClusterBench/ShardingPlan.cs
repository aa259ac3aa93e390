namespace ActorTrap.ClusterBench;

/// <param name="Nodes">NodeHosts in the one process.</param>
/// <param name="VerdictsPerNode">Verdicts each node's submitter hands to its node's sink.</param>
/// <param name="Addresses">Distinct client addresses (10.0.0.0/8) the verdicts are about, drawn at random.</param>
/// <param name="Window">Verdicts per node submitted but not yet acknowledged, at most (below max-unacknowledged).</param>
/// <param name="Warmup">Verdicts per node before the timed part (about other addresses): every shard allocated, code warm.</param>
/// <param name="Samples">Listings timed on the idle cluster after the timed part (0: none).</param>
/// <param name="Limit">Bound of the timed part.</param>
/// <param name="Rate">Verdicts per second per node offered at most (0: as fast as the window allows).</param>
/// <param name="Settings">More settings for every node (none: the shipped defaults).</param>
internal sealed record ShardingPlan(int Nodes, int VerdictsPerNode, int Addresses, int Window, int Warmup, int Samples, TimeSpan Limit, int Rate,
    IReadOnlyList<string> Settings)
{
    public long Total => (long)Nodes * VerdictsPerNode;
}

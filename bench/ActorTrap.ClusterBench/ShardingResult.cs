namespace ActorTrap.ClusterBench;

/// <param name="Verdicts">Verdicts submitted in the timed part (the bench's, plus the listings timed under load).</param>
/// <param name="ToAccepted">From the first submission until the outboxes had every one acknowledged by its entity's node.</param>
/// <param name="ToMerged">Until the writers (and spool replays) had merged every one into PostgreSQL.</param>
/// <param name="Counters">What the nodes counted in the timed part.</param>
/// <param name="Stored">Sum of the verdicts column over the bench's addresses in PostgreSQL afterwards.</param>
/// <param name="Rows">Rows (addresses) in the reputation table afterwards.</param>
internal sealed record ShardingResult(long Verdicts, TimeSpan ToAccepted, TimeSpan ToMerged, ClusterCounters Counters, long Stored, long Rows,
    double ProcessCpuSeconds, double PostgresCpuSeconds, string LoadBefore, string LoadAfter, IReadOnlyList<PropagationSample> UnderLoad,
    IReadOnlyList<PropagationSample> Idle, IReadOnlyList<string> Errors)
{
    public double AcceptedPerSecond => Verdicts / ToAccepted.TotalSeconds;

    public double MergedPerSecond => Verdicts / ToMerged.TotalSeconds;

    public double RowsPerSecond => Counters.RowsMerged / ToMerged.TotalSeconds;
}

namespace ActorTrap.ClusterBench;

/// <param name="Unreachable">From the kill until a survivor saw the victim unreachable (null: never).</param>
/// <param name="Removed">Until the victim was no longer an up member on the survivor (downed or removed; null: never).</param>
/// <param name="ShardRecovery">Per shard: from the kill until a probe sent after the kill was in PostgreSQL (null: never within the limit).</param>
/// <param name="ProbeLatencyBefore">p50 and p99 of probe latency (sent to in PostgreSQL) before the kill, ms.</param>
/// <param name="Submitted">Verdicts the survivors took from the feed (their actortrap_reputation_verdicts_total).</param>
/// <param name="Stored">Sum of the verdicts column in PostgreSQL after the survivors drained.</param>
/// <param name="VictimVerdicts">Verdicts the victim's writers had taken before the kill (it owned entities).</param>
internal sealed record RecoveryResult(string VictimName, TimeSpan? Unreachable, TimeSpan? Removed, IReadOnlyList<TimeSpan?> ShardRecovery,
    (double P50, double P99) ProbeLatencyBefore, long LinesSent, long Submitted, long Stored, double Resent, double Duplicates, double VictimVerdicts,
    string LoadAtKill, IReadOnlyList<int?> SurvivorExitCodes, IReadOnlyList<string> Errors)
{
    /// <summary>
    /// Shards that were on the victim: no probe sent after the kill was stored before the victim was downed (a shard on a
    /// survivor answers throughout; one on the victim only after the down, when sharding places it elsewhere).
    /// </summary>
    public IReadOnlyList<int> DeadShards =>
        [.. ShardRecovery.Select((r, s) => (r, s)).Where(x => x.r is null || x.r > (Removed ?? TimeSpan.FromSeconds(10))).Select(x => x.s)];

    /// <summary>From the kill until the last of the victim's shards answered again (null: one never did).</summary>
    public TimeSpan? DeadShardsBack => DeadShards.Any(s => ShardRecovery[s] is null) ? null : DeadShards.Select(s => ShardRecovery[s]).DefaultIfEmpty(TimeSpan.Zero).Max();

    /// <summary>From the kill until the first of the victim's shards answered again.</summary>
    public TimeSpan? FirstDeadShardBack => DeadShards.Select(s => ShardRecovery[s]).Where(t => t is not null).DefaultIfEmpty(null).Min();

    /// <summary>The live shards' slowest first answer after the kill (they never stopped answering; this is their latency then).</summary>
    public TimeSpan? LiveShardsSlowest => ShardRecovery.Where((r, s) => !DeadShards.Contains(s)).DefaultIfEmpty(null).Max();
}

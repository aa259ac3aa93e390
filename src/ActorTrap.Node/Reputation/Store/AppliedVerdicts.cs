using ActorTrap.Node.Reputation.Scoring;

namespace ActorTrap.Node.Reputation.Store;

/// <summary>
/// The rule that makes a merge idempotent, shared by both stores. In the merge's transaction a store records every
/// verdict id of the batch (<see cref="Ids"/>) in its table of applied ids, learns which of them were new, and applies
/// only <see cref="Fresh"/> deltas; the record and the merge commit or roll back together, so a verdict counts once
/// however often it is resent. A delta with any id applied before is skipped whole: the new sender hands the store one
/// verdict per delta, so a delta mixing new and old verdicts does not happen, and if one did, skipping it
/// under-counts, which can never list a mail server that its evidence would not list.
/// </summary>
internal static class AppliedVerdicts
{
    /// <summary>
    /// The batch's distinct verdict ids, ascending: concurrent merges that share ids record them in the same order,
    /// so they wait for each other instead of deadlocking. Empty when no delta carries ids.
    /// </summary>
    public static long[] Ids(IReadOnlyList<EvidenceDelta> batch)
    {
        var ids = new SortedSet<long>();
        foreach (var delta in batch)
        {
            ids.UnionWith(delta.Ids);
        }

        return [.. ids];
    }

    /// <summary>
    /// The deltas to apply, in batch order: those without ids, and those whose every id is in <paramref name="recorded"/>
    /// (recorded by this merge, so never applied before) and not already taken by an earlier delta of the batch (an id
    /// twice in a batch counts once; one id twice in a delta means the delta counts a verdict twice, so it is skipped).
    /// <paramref name="skipped"/> is the number of deltas left out.
    /// </summary>
    public static IReadOnlyList<EvidenceDelta> Fresh(IReadOnlyList<EvidenceDelta> batch, IReadOnlySet<long> recorded, out int skipped)
    {
        var fresh = new List<EvidenceDelta>(batch.Count);
        var taken = new HashSet<long>();
        var mine = new HashSet<long>();
        foreach (var delta in batch)
        {
            mine.Clear();
            var apply = true;
            foreach (var id in delta.Ids)
            {
                if (!recorded.Contains(id) || taken.Contains(id) || !mine.Add(id))
                {
                    apply = false;
                    break;
                }
            }

            if (apply)
            {
                taken.UnionWith(mine);
                fresh.Add(delta);
            }
        }

        skipped = batch.Count - fresh.Count;
        return fresh;
    }
}

using ActorTrap.Node.Reputation.Scoring;

namespace ActorTrap.Node.Reputation.Spool;

/// <summary>The oldest batch in the spool; pass it back to <see cref="DiskSpool.Commit"/> once the store has it.</summary>
internal sealed record SpooledBatch(long Segment, long Offset, IReadOnlyList<EvidenceDelta> Deltas);

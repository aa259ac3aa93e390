namespace ActorTrap.Node.Mx;

/// <summary>What the highest-mx gate did with candidates since start.</summary>
/// <param name="Confirmed">Forwarded with the sin: the primary answered before and after the session.</param>
/// <param name="Removed">Forwarded without it: down or unknown before or after, or flushed at shutdown.</param>
/// <param name="Overflowed">Forwarded at once without it because the gate held its maximum (also counted in Removed).</param>
/// <param name="Flushed">Forwarded without it at shutdown (also counted in Removed).</param>
public sealed record GateCounts(long Confirmed, long Removed, long Overflowed, long Flushed);

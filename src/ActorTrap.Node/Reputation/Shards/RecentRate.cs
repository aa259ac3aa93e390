namespace ActorTrap.Node.Reputation.Shards;

/// <summary>
/// Events per second over the last whole seconds (<c>ctl shards</c>' "verdicts/s"): a ring of one-second buckets
/// on the actor's clock, O(1) per event. Owned by one actor; not thread-safe.
/// </summary>
internal sealed class RecentRate
{
    private readonly long[] buckets;
    private long second = long.MinValue;

    /// <param name="windowSeconds">Whole seconds averaged; the second in progress is not counted, so a burst shows after it ends.</param>
    public RecentRate(int windowSeconds = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSeconds, 1);
        buckets = new long[windowSeconds + 1];
    }

    public void Count(DateTimeOffset now)
    {
        var s = Advance(now);
        buckets[Index(s)]++;
    }

    /// <summary>Average over the last whole seconds of the window.</summary>
    public double PerSecond(DateTimeOffset now)
    {
        var s = Advance(now);
        var current = Index(s);
        long sum = 0;
        for (var i = 0; i < buckets.Length; i++)
        {
            sum += i == current ? 0 : buckets[i];
        }

        return (double)sum / (buckets.Length - 1);
    }

    private long Advance(DateTimeOffset now)
    {
        var s = now.ToUnixTimeSeconds();
        if (second == long.MinValue || s - second >= buckets.Length)
        {
            Array.Clear(buckets);
        }
        else
        {
            // Seconds that passed without an event are emptied; a clock stepping back keeps the newer second.
            for (var t = second + 1; t <= s; t++)
            {
                buckets[Index(t)] = 0;
            }
        }

        second = Math.Max(second, s);
        return second;
    }

    private int Index(long s) => (int)(((s % buckets.Length) + buckets.Length) % buckets.Length);
}

namespace ActorTrap.Node.Publishing.UdpFeed;

/// <summary>
/// Rejects lines outside the replay window and lines seen before inside it, in bounded memory. Accepted lines are
/// remembered by a 128-bit fingerprint of their MAC in one set per second of their timestamp; sets older than the
/// window are dropped. When more than <c>maxSeen</c> lines are remembered, the oldest second is forgotten and the
/// acceptance floor rises past it, so a forgotten line is rejected as stale instead of accepted twice.
/// Used by the collector's single receive thread only.
/// </summary>
internal sealed class ReplayGuard(TimeSpan window, int maxSeen)
{
    private readonly SortedDictionary<long, HashSet<UInt128>> seconds = [];
    private long floorMs = long.MinValue;
    private int count;

    public int Remembered => count;

    public FeedRejection Check(long timestampMs, UInt128 fingerprint, DateTimeOffset now)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var windowMs = (long)window.TotalMilliseconds;
        Expire(nowMs - windowMs);
        if (timestampMs < nowMs - windowMs || timestampMs > nowMs + windowMs || timestampMs <= floorMs)
        {
            return FeedRejection.Stale;
        }

        var second = timestampMs / 1000;
        if (!seconds.TryGetValue(second, out var set))
        {
            set = [];
            seconds.Add(second, set);
        }

        if (!set.Add(fingerprint))
        {
            return FeedRejection.Replayed;
        }

        count++;
        while (count > maxSeen && seconds.Count > 0)
        {
            Forget(seconds.Keys.First());
        }

        return FeedRejection.None;
    }

    private void Expire(long oldestAllowedMs)
    {
        while (seconds.Count > 0)
        {
            var first = seconds.Keys.First();
            if (((first + 1) * 1000) - 1 >= oldestAllowedMs)
            {
                return;
            }

            Forget(first);
        }
    }

    private void Forget(long second)
    {
        count -= seconds[second].Count;
        seconds.Remove(second);
        floorMs = Math.Max(floorMs, ((second + 1) * 1000) - 1);
    }
}

namespace ActorTrap.Node.Publishing.UdpFeed;

/// <summary>One reporter's figures at the collector: lines by result and when its last line was accepted. Thread-safe.</summary>
internal sealed class ReporterCounts
{
    private readonly long[] lines = new long[Enum.GetValues<FeedRejection>().Length];
    private long lastAcceptedMs = long.MinValue;

    public long Lines(FeedRejection result) => Interlocked.Read(ref lines[(int)result]);

    public long Accepted => Lines(FeedRejection.None);

    /// <summary>When its last line was accepted; null when none was.</summary>
    public DateTimeOffset? LastAccepted => Interlocked.Read(ref lastAcceptedMs) is var ms && ms == long.MinValue ? null : DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public void Count(FeedRejection result, DateTimeOffset now)
    {
        Interlocked.Increment(ref lines[(int)result]);
        if (result == FeedRejection.None)
        {
            Interlocked.Exchange(ref lastAcceptedMs, now.ToUnixTimeMilliseconds());
        }
    }
}

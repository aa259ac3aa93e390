namespace ActorTrap.Node.Logging;

/// <summary>
/// A rate limit for log lines that a flood can multiply: at most <c>perWindow</c> lines per window; the rest are
/// counted, and when a window that left lines out ends, <c>summary</c> is called once with how many and over how long.
/// Thread-safe (sessions and hold pools end on many threads); the window and its timer run on the node's clock, so
/// specs drive it on virtual time. No timer runs while nothing is left out.
/// </summary>
internal sealed class LineBudget : IDisposable
{
    private readonly int perWindow;
    private readonly long window;
    private readonly TimeProvider clock;
    private readonly Action<long, TimeSpan> summary;
    private readonly Lock gate = new();
    private ITimer? timer;
    private long windowStart = long.MinValue / 2;
    private int used;
    private long suppressed;
    private long suppressedSince;
    private bool disposed;

    /// <param name="summary">Called (on a timer thread, outside the lock) with the lines left out and the time since the first of them.</param>
    public LineBudget(int perWindow, TimeSpan window, TimeProvider clock, Action<long, TimeSpan> summary)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perWindow, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        this.perWindow = perWindow;
        this.window = window.Ticks;
        this.clock = clock;
        this.summary = summary;
    }

    /// <summary>Lines left out since start (also those already summarised).</summary>
    public long TotalSuppressed { get; private set; }

    /// <summary>True when the line may be written; false when it is counted instead.</summary>
    public bool TryTake()
    {
        lock (gate)
        {
            var now = clock.GetUtcNow().UtcTicks;
            if (now - windowStart >= window)
            {
                windowStart = now;
                used = 0;
            }

            if (used < perWindow)
            {
                used++;
                return true;
            }

            TotalSuppressed++;
            if (suppressed++ == 0 && !disposed)
            {
                suppressedSince = now;
                timer ??= clock.CreateTimer(_ => Flush(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                timer.Change(TimeSpan.FromTicks(Math.Max(0, windowStart + window - now)), Timeout.InfiniteTimeSpan);
            }

            return false;
        }
    }

    /// <summary>Reports what was left out and not yet reported (at the end of the window, and at shutdown).</summary>
    public void Flush()
    {
        long count;
        TimeSpan over;
        lock (gate)
        {
            count = suppressed;
            over = TimeSpan.FromTicks(clock.GetUtcNow().UtcTicks - suppressedSince);
            suppressed = 0;
        }

        if (count > 0)
        {
            summary(count, over);
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            timer?.Dispose();
        }

        Flush();
    }
}

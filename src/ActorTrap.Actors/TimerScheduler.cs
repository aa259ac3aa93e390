namespace ActorTrap.Actors;

/// <summary>
/// Every actor timer of a system on one <see cref="TimeProvider"/> timer, armed for the earliest due entry (plus
/// <see cref="ActorSystemOptions.TimerSlack"/>): when it fires, everything due is delivered in one batch. 18,000
/// held sessions each waiting on a timer then cost 18,000 small entries in a heap, not 18,000 runtime timers, and
/// their ticks wake one thread per batch instead of one each (Akka.NET's scheduler is likewise one wheel, with
/// 10 ms ticks). Cancelled entries are skipped when they come due, and the heap is compacted when they pile up.
/// Entries with equal due times are delivered in the order they were scheduled.
/// </summary>
internal sealed class TimerScheduler : IDisposable
{
    // Compaction rebuilds the heap without cancelled entries once they are this many and more than the live ones.
    private const int CompactAt = 1024;

    private readonly TimeProvider time;
    private readonly long slackTicks;
    private readonly PriorityQueue<TimerEntry, (long Due, long Seq)> queue = new();
    private readonly Lock gate = new();
    private readonly ITimer timer;
    private long armedFor = long.MaxValue;
    private long sequence;
    private int cancelled;
    private bool disposed;

    public TimerScheduler(TimeProvider time, TimeSpan slack)
    {
        this.time = time;
        slackTicks = slack.Ticks;
        timer = time.CreateTimer(static s => ((TimerScheduler)s!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Entries in the heap, cancelled ones included (for tests and diagnostics).</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return queue.Count;
            }
        }
    }

    public void Schedule(TimerEntry entry, TimeSpan delay)
    {
        var due = Saturating(time.GetUtcNow().UtcTicks, delay.Ticks);
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            queue.Enqueue(entry, (due, ++sequence));
            if (due < armedFor)
            {
                Arm(due);
            }
        }
    }

    public void Cancel(TimerEntry entry)
    {
        lock (gate)
        {
            if (entry.Cancelled)
            {
                return;
            }

            entry.Cancelled = true;
            if (++cancelled >= CompactAt && cancelled > queue.Count / 2)
            {
                Compact();
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            queue.Clear();
        }

        timer.Dispose();
    }

    private void Fire()
    {
        List<TimerEntry>? due = null;
        lock (gate)
        {
            armedFor = long.MaxValue;
            if (disposed)
            {
                return;
            }

            var now = time.GetUtcNow().UtcTicks;
            while (queue.TryPeek(out var entry, out var at) && at.Due <= now)
            {
                queue.Dequeue();
                if (entry.Cancelled)
                {
                    cancelled--;
                    continue;
                }

                (due ??= []).Add(entry);
                if (entry.Period > TimeSpan.Zero)
                {
                    // The next period counts from when this one was due, so a periodic timer does not drift with slack.
                    queue.Enqueue(entry, (Math.Max(Saturating(at.Due, entry.Period.Ticks), now), ++sequence));
                }
            }

            if (queue.TryPeek(out _, out var next))
            {
                Arm(next.Due);
            }
        }

        if (due is not null)
        {
            foreach (var entry in due)
            {
                entry.Owner.EnqueueInternal(entry, ActorRef.Nobody);
            }
        }
    }

    private void Arm(long due)
    {
        armedFor = due;
        var delay = Math.Max(0, Saturating(due, slackTicks) - time.GetUtcNow().UtcTicks);
        timer.Change(TimeSpan.FromTicks(Math.Min(delay, TimeSpan.FromDays(30).Ticks)), Timeout.InfiniteTimeSpan);
    }

    private void Compact()
    {
        var live = new List<(TimerEntry, (long, long))>(queue.Count - cancelled);
        foreach (var item in queue.UnorderedItems)
        {
            if (!item.Element.Cancelled)
            {
                live.Add((item.Element, item.Priority));
            }
        }

        queue.Clear();
        queue.EnqueueRange(live);
        cancelled = 0;
    }

    private static long Saturating(long a, long b) => b > long.MaxValue - a ? long.MaxValue : a + b;
}

using Akka.Actor;

namespace ActorTrap.Node.Hosting.Actors;

/// <summary>
/// A <see cref="TimeProvider"/> on an Akka scheduler's virtual time (Akka.TestKit's <c>TestScheduler</c>): the time
/// and the timestamps are the scheduler's <see cref="IScheduler.Now"/>, and timers are scheduled actions, which run
/// on the thread that advances the scheduler. Under the real scheduler the node uses the system clock instead
/// (see <see cref="ActorClock"/>): a timer callback there would run on the scheduler's single thread.
/// </summary>
internal sealed class SchedulerTimeProvider(IScheduler scheduler) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => scheduler.Now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => scheduler.Now.UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new VirtualTimer(scheduler, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>
    /// One timer: every <see cref="Change"/> starts a new generation, and a scheduled action whose generation is
    /// stale does nothing (the TestScheduler ignores the cancelable of a scheduled action).
    /// </summary>
    private sealed class VirtualTimer(IScheduler scheduler, TimerCallback callback, object? state) : ITimer
    {
        private readonly Lock gate = new();
        private long generation;
        private TimeSpan period = Timeout.InfiniteTimeSpan;
        private bool disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            long mine;
            lock (gate)
            {
                if (disposed)
                {
                    return false;
                }

                mine = ++generation;
                this.period = period;
            }

            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                Schedule(mine, dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
            }

            return true;
        }

        public void Dispose()
        {
            lock (gate)
            {
                disposed = true;
                generation++;
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void Schedule(long mine, TimeSpan delay) => scheduler.Advanced.ScheduleOnce(delay, () => Fire(mine));

        private void Fire(long mine)
        {
            TimeSpan next;
            lock (gate)
            {
                if (mine != generation)
                {
                    return;
                }

                next = period;
            }

            callback(state);
            if (next != Timeout.InfiniteTimeSpan && next > TimeSpan.Zero)
            {
                lock (gate)
                {
                    if (mine != generation)
                    {
                        return;
                    }
                }

                Schedule(mine, next);
            }
        }
    }
}

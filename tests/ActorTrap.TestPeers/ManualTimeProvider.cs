namespace ActorTrap.TestPeers;

/// <summary>
/// A virtual clock. Time moves only through <see cref="Advance"/> and <see cref="SetUtcNow"/>, which fire due timers
/// synchronously on the calling thread in due-time order (equal due times in timer creation order), re-arming
/// periodic ones. Timestamps follow virtual time. Thread-safe.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock gate = new();
    private readonly List<ManualTimer> timers = [];
    private readonly DateTimeOffset start;
    private DateTimeOffset now;
    private long nextTimerId;

    /// <summary>Starts at <paramref name="start"/>, by default 2025-01-01T00:00:00Z.</summary>
    public ManualTimeProvider(DateTimeOffset? start = null)
    {
        this.start = start ?? new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        now = this.start;
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>When the earliest armed timer is due, or null when none is armed.</summary>
    public DateTimeOffset? NextDueTime
    {
        get
        {
            lock (gate)
            {
                return Earliest(DateTimeOffset.MaxValue)?.Due;
            }
        }
    }

    /// <summary>Timers currently armed.</summary>
    public int ArmedTimers
    {
        get
        {
            lock (gate)
            {
                return timers.Count(static timer => timer.Due is not null);
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    public override long GetTimestamp()
    {
        lock (gate)
        {
            return (now - start).Ticks;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        lock (gate)
        {
            var timer = new ManualTimer(this, callback, state, ++nextTimerId);
            timers.Add(timer);
            ArmLocked(timer, dueTime, period);
            return timer;
        }
    }

    /// <summary>Moves time forward by <paramref name="delta"/>, firing every timer that falls due on the way.</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        DateTimeOffset target;
        lock (gate)
        {
            target = now + delta;
        }

        RunUntil(target);
    }

    /// <summary>Moves time forward to <paramref name="value"/>; going backwards throws (virtual time never reverses).</summary>
    public void SetUtcNow(DateTimeOffset value)
    {
        lock (gate)
        {
            if (value < now)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"Time cannot go back from {now:O}.");
            }
        }

        RunUntil(value);
    }

    internal void Change(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (gate)
        {
            ArmLocked(timer, dueTime, period);
        }
    }

    internal void Remove(ManualTimer timer)
    {
        lock (gate)
        {
            timer.Due = null;
            timers.Remove(timer);
        }
    }

    private void RunUntil(DateTimeOffset target)
    {
        while (true)
        {
            ManualTimer? due;
            lock (gate)
            {
                due = Earliest(target);
                if (due is null)
                {
                    if (target > now)
                    {
                        now = target;
                    }

                    return;
                }

                now = due.Due!.Value > now ? due.Due.Value : now;
                due.Due = due.Period is { } period ? now + period : null;
            }

            // Outside the lock: the callback may create, change or cancel timers.
            due.Callback(due.State);
        }
    }

    private ManualTimer? Earliest(DateTimeOffset notAfter)
    {
        ManualTimer? best = null;
        foreach (var timer in timers)
        {
            if (timer.Due is { } due && due <= notAfter && (best is null || due < best.Due || (due == best.Due && timer.Id < best.Id)))
            {
                best = timer;
            }
        }

        return best;
    }

    private void ArmLocked(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
        }

        timer.Due = dueTime == Timeout.InfiniteTimeSpan ? null : now + dueTime;
        timer.Period = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? null : period;
    }
}

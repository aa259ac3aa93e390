namespace ActorTrap.Actors;

/// <summary>
/// Keyed timers on the system's <see cref="TimerScheduler"/>. Most actors have at most one timer at a time, so the
/// first key lives in two fields and the table is only allocated when a second key is in use at once.
/// </summary>
internal sealed partial class ActorCell : ITimerScheduler
{
    private object? soleKey;
    private TimerEntry? soleEntry;
    private Dictionary<object, TimerEntry>? timers;
    private long timerGeneration;

    public IReadOnlyCollection<object> ActiveTimers =>
        timers is not null ? [.. timers.Keys] : soleKey is not null ? [soleKey] : [];

    public void StartSingleTimer(object key, object message, TimeSpan delay)
        => StartTimer(key, message, delay, TimeSpan.Zero);

    public void StartPeriodicTimer(object key, object message, TimeSpan interval)
        => StartPeriodicTimer(key, message, interval, interval);

    public void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        StartTimer(key, message, initialDelay, interval);
    }

    public bool IsTimerActive(object key) => Find(key) is not null;

    public void Cancel(object key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (soleKey is not null && soleKey.Equals(key))
        {
            System.Timers.Cancel(soleEntry!);
            (soleKey, soleEntry) = (null, null);
        }
        else if (timers is not null && timers.Remove(key, out var entry))
        {
            System.Timers.Cancel(entry);
        }
    }

    public void CancelAll()
    {
        if (soleEntry is not null)
        {
            System.Timers.Cancel(soleEntry);
            (soleKey, soleEntry) = (null, null);
        }

        if (timers is not null)
        {
            foreach (var entry in timers.Values)
            {
                System.Timers.Cancel(entry);
            }

            timers = null;
        }
    }

    private void CancelAllTimers() => CancelAll();

    private TimerEntry? Find(object key) =>
        soleKey is not null && soleKey.Equals(key) ? soleEntry : timers?.GetValueOrDefault(key);

    private void StartTimer(object key, object message, TimeSpan delay, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        if (state is CellState.Terminating or CellState.Terminated)
        {
            return; // a stopping actor's timers would only produce dead letters
        }

        Cancel(key);
        var entry = new TimerEntry(this, key, message, ++timerGeneration, period);
        if (soleKey is null && timers is null)
        {
            (soleKey, soleEntry) = (key, entry);
        }
        else
        {
            timers ??= [];
            if (soleKey is not null)
            {
                timers.Add(soleKey, soleEntry!);
                (soleKey, soleEntry) = (null, null);
            }

            timers.Add(key, entry);
        }

        System.Timers.Schedule(entry, delay);
    }

    private void DeliverTimer(TimerEntry entry)
    {
        // Only the entry currently in the table may deliver; a replaced or cancelled timer's message is stale.
        if (!ReferenceEquals(Find(entry.Key), entry))
        {
            return;
        }

        if (!entry.Periodic)
        {
            if (ReferenceEquals(soleEntry, entry))
            {
                (soleKey, soleEntry) = (null, null);
            }
            else
            {
                timers!.Remove(entry.Key);
            }
        }

        actor!.CurrentSender = ActorRef.Nobody;
        actor.Receive(entry.Message);
    }
}

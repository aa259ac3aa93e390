namespace ActorTrap.Actors;

/// <summary>Keyed timers on the system's TimeProvider. The table is only allocated with the first timer.</summary>
internal sealed partial class ActorCell : ITimerScheduler
{
    private Dictionary<object, TimerEntry>? timers;
    private long timerGeneration;

    public IReadOnlyCollection<object> ActiveTimers => timers is null ? [] : [.. timers.Keys];

    public void StartSingleTimer(object key, object message, TimeSpan delay)
        => StartTimer(key, message, delay, Timeout.InfiniteTimeSpan, periodic: false);

    public void StartPeriodicTimer(object key, object message, TimeSpan interval)
        => StartPeriodicTimer(key, message, interval, interval);

    public void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        StartTimer(key, message, initialDelay, interval, periodic: true);
    }

    public bool IsTimerActive(object key) => timers?.ContainsKey(key) == true;

    public void Cancel(object key)
    {
        if (timers is not null && timers.Remove(key, out var entry))
        {
            entry.Timer?.Dispose();
        }
    }

    public void CancelAll()
    {
        if (timers is null)
        {
            return;
        }

        foreach (var entry in timers.Values)
        {
            entry.Timer?.Dispose();
        }

        timers = null;
    }

    private void CancelAllTimers() => CancelAll();

    private void StartTimer(object key, object message, TimeSpan delay, TimeSpan period, bool periodic)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        if (state is CellState.Terminating or CellState.Terminated)
        {
            return; // a stopping actor's timers would only produce dead letters
        }

        Cancel(key);
        var entry = new TimerEntry(this, key, message, ++timerGeneration, periodic);
        (timers ??= []).Add(key, entry);
        entry.Timer = System.TimeProvider.CreateTimer(TimerEntry.Fire, entry, delay, period);
    }

    private void DeliverTimer(TimerEntry entry)
    {
        // Only the entry currently in the table may deliver; a replaced or cancelled timer's message is stale.
        if (timers is null || !timers.TryGetValue(entry.Key, out var live) || live.Generation != entry.Generation)
        {
            return;
        }

        if (!entry.Periodic)
        {
            timers.Remove(entry.Key);
            entry.Timer?.Dispose();
        }

        actor!.CurrentSender = ActorRef.Nobody;
        actor.Receive(entry.Message);
    }
}

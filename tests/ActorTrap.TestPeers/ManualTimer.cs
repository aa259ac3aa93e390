namespace ActorTrap.TestPeers;

/// <summary>A timer of <see cref="ManualTimeProvider"/>; its fields are guarded by the provider's lock.</summary>
internal sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state, long id) : ITimer
{
    public TimerCallback Callback { get; } = callback;

    public object? State { get; } = state;

    public long Id { get; } = id;

    public DateTimeOffset? Due { get; set; }

    public TimeSpan? Period { get; set; }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        owner.Change(this, dueTime, period);
        return true;
    }

    public void Dispose() => owner.Remove(this);

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}

namespace ActorTrap.Actors;

/// <summary>A timer's message as it travels through the mailbox. Its generation (unique per actor, never reused) must match the live entry for its key when dequeued, so a replaced or cancelled timer's late messages are dropped.</summary>
internal sealed class TimerEntry(ActorCell owner, object key, object message, long generation, TimeSpan period) : AutoReceivedMessage
{
    public ActorCell Owner { get; } = owner;

    public object Key { get; } = key;

    public object Message { get; } = message;

    public long Generation { get; } = generation;

    /// <summary>Zero for a single timer.</summary>
    public TimeSpan Period { get; } = period;

    public bool Periodic => Period > TimeSpan.Zero;

    /// <summary>Set (under the scheduler's lock) when cancelled or replaced; the scheduler skips it.</summary>
    public bool Cancelled { get; set; }
}

/// <summary>Turns a death-watch notification into an ordinary queued Terminated, checked against the watch set when dequeued so Unwatch wins.</summary>
internal sealed class DeathWatchDelivery(IActorRef actor) : AutoReceivedMessage
{
    public IActorRef Actor { get; } = actor;
}

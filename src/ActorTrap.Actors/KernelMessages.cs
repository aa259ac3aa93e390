namespace ActorTrap.Actors;

/// <summary>A timer's message as it travels through the mailbox. Its generation (unique per actor, never reused) must match the live entry for its key when dequeued, so a replaced or cancelled timer's late messages are dropped.</summary>
internal sealed class TimerEntry(ActorCell owner, object key, object message, long generation, bool periodic) : AutoReceivedMessage
{
    public ActorCell Owner { get; } = owner;

    public object Key { get; } = key;

    public object Message { get; } = message;

    public long Generation { get; } = generation;

    public bool Periodic { get; } = periodic;

    public ITimer? Timer { get; set; }

    public static void Fire(object? state)
    {
        var entry = (TimerEntry)state!;
        entry.Owner.EnqueueInternal(entry, ActorRef.Nobody);
    }
}

/// <summary>Turns a death-watch notification into an ordinary queued Terminated, checked against the watch set when dequeued so Unwatch wins.</summary>
internal sealed class DeathWatchDelivery(IActorRef actor) : AutoReceivedMessage
{
    public IActorRef Actor { get; } = actor;
}

namespace ActorTrap.Actors;

/// <summary>What an actor can do with the kernel. Not thread-safe: use only from the actor's own handlers and hooks.</summary>
public interface IActorContext
{
    IActorRef Self { get; }

    /// <summary>The sender of the current message, or <see cref="ActorRef.Nobody"/>.</summary>
    IActorRef Sender { get; }

    /// <summary>The parent; <see cref="ActorRef.Nobody"/> for the user guardian.</summary>
    IActorRef Parent { get; }

    ActorSystem System { get; }

    /// <summary>The system's clock; use it for every time-based decision so tests can drive it.</summary>
    TimeProvider TimeProvider { get; }

    /// <summary>Keyed timers owned by this actor, cancelled when it stops or restarts.</summary>
    ITimerScheduler Timers { get; }

    /// <summary>Creates a child. Throws <see cref="InvalidActorNameException"/> if a live child already has <paramref name="name"/>.</summary>
    IActorRef ActorOf(Props props, string? name = null);

    /// <summary>The live child called <paramref name="name"/>, or null.</summary>
    IActorRef? Child(string name);

    /// <summary>A copy of the live children.</summary>
    IReadOnlyList<IActorRef> Children { get; }

    /// <summary>Stops self or a child asynchronously: the current message finishes, children stop first, then PostStop runs and watchers get <see cref="Terminated"/>.</summary>
    void Stop(IActorRef actor);

    /// <summary>Delivers <see cref="Terminated"/> when <paramref name="actor"/> stops, also if it is already dead.</summary>
    IActorRef Watch(IActorRef actor);

    /// <summary>Stops watching; no <see cref="Terminated"/> for <paramref name="actor"/> is handled afterwards, even if already enqueued.</summary>
    IActorRef Unwatch(IActorRef actor);
}

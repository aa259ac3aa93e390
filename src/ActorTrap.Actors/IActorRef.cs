namespace ActorTrap.Actors;

/// <summary>
/// An address of one actor incarnation. Equality is identity: a restarted actor keeps its ref,
/// a stopped and re-created one with the same path gets a new ref.
/// </summary>
public interface IActorRef
{
    /// <summary>The path, e.g. <c>/user/listener/session-42</c>.</summary>
    string Path { get; }

    /// <summary>
    /// Enqueues <paramref name="message"/> without waiting. When <paramref name="sender"/> is null and the call is
    /// made from inside an actor's handler, the sender is that actor (as in Akka.NET); otherwise it is <see cref="ActorRef.Nobody"/>.
    /// Never throws for a dead target: the message becomes a dead letter.
    /// </summary>
    void Tell(object message, IActorRef? sender = null);
}

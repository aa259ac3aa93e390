namespace ActorTrap.Actors;

/// <summary>Well-known refs.</summary>
public static class ActorRef
{
    /// <summary>A ref that accepts everything and counts it as a dead letter; the Sender of timer messages and of outside tells.</summary>
    public static IActorRef Nobody { get; } = new NobodyRef();

    /// <summary>Returns a typed view of <paramref name="actor"/> whose Tell only accepts <typeparamref name="TProtocol"/>.</summary>
    public static ActorRef<TProtocol> As<TProtocol>(this IActorRef actor)
        where TProtocol : class
        => new(actor);
}

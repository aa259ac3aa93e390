namespace ActorTrap.Actors;

/// <summary>
/// A typed view of an actor ref: <see cref="Tell"/> accepts only messages of the actor's protocol
/// (usually a marker interface its message records implement), so a wrong message is a compile error.
/// </summary>
public readonly struct ActorRef<TProtocol> : IEquatable<ActorRef<TProtocol>>
    where TProtocol : class
{
    /// <summary>Wraps an untyped ref. Nothing is checked at run time.</summary>
    public ActorRef(IActorRef untyped)
    {
        ArgumentNullException.ThrowIfNull(untyped);
        Untyped = untyped;
    }

    /// <summary>The underlying ref, e.g. to watch it or to pass it as a sender.</summary>
    public IActorRef Untyped { get; }

    public string Path => Untyped?.Path ?? ActorRef.Nobody.Path;

    public void Tell(TProtocol message, IActorRef? sender = null) => (Untyped ?? ActorRef.Nobody).Tell(message, sender);

    /// <summary>Asks with a protocol message; see <see cref="AskExtensions.Ask{T}"/>.</summary>
    public Task<TReply> Ask<TReply>(TProtocol message, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        => (Untyped ?? ActorRef.Nobody).Ask<TReply>(message, timeout, cancellationToken);

    public bool Equals(ActorRef<TProtocol> other) => ReferenceEquals(Untyped, other.Untyped);

    public override bool Equals(object? obj) => obj is ActorRef<TProtocol> other && Equals(other);

    public override int GetHashCode() => Untyped is null ? 0 : Untyped.GetHashCode();

    public override string ToString() => Path;

    public static bool operator ==(ActorRef<TProtocol> left, ActorRef<TProtocol> right) => left.Equals(right);

    public static bool operator !=(ActorRef<TProtocol> left, ActorRef<TProtocol> right) => !left.Equals(right);
}

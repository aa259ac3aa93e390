namespace ActorTrap.Actors;

internal sealed class NobodyRef : IActorRef
{
    public string Path => "/deadLetters";

    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        // Nobody belongs to no system: count against the sender's system, or the caller's, or the newest one.
        var system = (sender as ActorCell)?.System ?? ActorCell.Current?.System ?? ActorSystem.Latest;
        system?.DeadLetters.Publish(message, sender ?? this, this, "sent to Nobody");
    }

    public override string ToString() => Path;
}

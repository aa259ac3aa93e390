namespace ActorTrap.Actors;

/// <summary>Delivered to a watcher when the watched actor has stopped (or was already dead when watched).</summary>
public sealed record Terminated(IActorRef Actor);

namespace ActorTrap.Actors.Tests.Support;

/// <summary>Forwards every message to a target, keeping the original sender: the simplest actor under test.</summary>
internal sealed class ForwardActor(IActorRef target) : Actor
{
    protected override void OnReceive(object message) => target.Tell(message, Sender);
}

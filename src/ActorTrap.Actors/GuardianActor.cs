namespace ActorTrap.Actors;

/// <summary>The <c>/user</c> guardian: it only supervises top-level actors, with the system's GuardianStrategy.</summary>
internal sealed class GuardianActor : Actor
{
    protected override void OnReceive(object message) => Unhandled(message);
}

namespace ActorTrap.Actors;

/// <summary>A ref that stands for an actor cell (e.g. the test kit's probe), so watch and stop reach the real cell.</summary>
internal interface IUnwrapActorRef
{
    IActorRef Underlying { get; }
}

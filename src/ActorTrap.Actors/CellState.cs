namespace ActorTrap.Actors;

/// <summary>Where an actor is in its life; read and written only on the actor's own turn.</summary>
internal enum CellState
{
    Creating,
    Running,
    Suspended,
    Restarting,
    Terminating,
    Terminated,
}

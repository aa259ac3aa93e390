namespace ActorTrap.Node.Tests.Publishing.UdpFeed;

/// <summary>
/// Specs that read a process-wide figure run alone, after the parallel ones, since tests running beside them would be
/// counted too: the memory the process retains (GC.GetTotalMemory after a full collection), and the actor metrics
/// (every ActorTrap.Actors meter in the process adds to the same exposed families, so a node started by another spec
/// adds its dead letters).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "process-wide measurements, run alone";
}

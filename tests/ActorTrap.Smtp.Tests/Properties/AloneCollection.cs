namespace ActorTrap.Smtp.Tests.Properties;

/// <summary>
/// Specs that bound the memory the process retains (GC.GetTotalMemory after a full collection) run alone, after the
/// parallel ones: that figure is process-wide, and tests running beside them would be counted too.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "memory-bounded specs, run alone";
}

namespace ActorTrap.Node.Traps;

/// <summary>
/// Where sessions send what a tagged trap address tells about its harvester: the reputation stage, which lists the
/// harvester in its own class. Must not block and must not throw.
/// </summary>
public interface IHarvestSink
{
    void Submit(HarvestEvidence harvest);
}

namespace ActorTrap.Node.Session;

/// <summary>
/// Where sessions send their verdicts: the reputation aggregator's entry point. Must not block and must not
/// throw; the implementation owns buffering (shards, spool, UDP feed).
/// </summary>
public interface IVerdictSink
{
    void Submit(Verdict verdict);
}

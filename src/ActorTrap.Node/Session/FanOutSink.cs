namespace ActorTrap.Node.Session;

/// <summary>Hands each verdict to two sinks in order (recent verdicts and the aggregator; the aggregator and the UDP feed).</summary>
internal sealed class FanOutSink(IVerdictSink first, IVerdictSink second) : IVerdictSink
{
    public void Submit(Verdict verdict)
    {
        first.Submit(verdict);
        second.Submit(verdict);
    }
}

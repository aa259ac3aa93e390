using System.Collections.Concurrent;
using ActorTrap.Node.Session;

namespace ActorTrap.Node.Tests.Publishing.Support;

/// <summary>Collects the verdicts a collector hands on (the reputation aggregator's place in a real node).</summary>
internal sealed class RecordingSink : IVerdictSink
{
    public ConcurrentQueue<Verdict> Verdicts { get; } = new();

    public void Submit(Verdict verdict) => Verdicts.Enqueue(verdict);
}

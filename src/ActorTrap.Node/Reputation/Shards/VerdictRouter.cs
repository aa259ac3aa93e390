using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using ActorTrap.Node.Session;

namespace ActorTrap.Node.Reputation.Shards;

/// <summary>
/// The sessions' <see cref="IVerdictSink"/>: sends each verdict with evidence to shard <c>stable-hash(client) mod N</c>.
/// Never blocks and never throws (a tell to a stopped shard becomes a dead letter). Verdicts with no sin and no
/// virtue are counted and not stored: a clean session says nothing to remember.
/// </summary>
internal sealed class VerdictRouter(IReadOnlyList<IActorRef> shards, ReputationCounters counters) : IVerdictSink
{
    public void Submit(Verdict verdict)
    {
        if (verdict?.Client is null)
        {
            counters.VerdictRejected();
            return;
        }

        counters.VerdictIn();
        if (!verdict.Sins.Any(s => s.Weight != 0) || !double.IsFinite(verdict.Score))
        {
            counters.VerdictClean();
            return;
        }

        shards[ShardFor(verdict.Client)].Tell(verdict, ActorRefs.Nobody);
    }

    public int ShardFor(System.Net.IPAddress address) => ShardKey.Shard(IpKey.From(address), shards.Count);
}

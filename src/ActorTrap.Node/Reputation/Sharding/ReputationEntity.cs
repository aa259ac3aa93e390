using ActorTrap.Node.Reputation.Scoring;
using Akka.Actor;

namespace ActorTrap.Node.Reputation.Sharding;

/// <summary>
/// The one owner, cluster-wide, of one address's reputation (Akka.Cluster.Sharding places it; it passivates when
/// idle). Every verdict about the address, from any node, passes through it to its node's store writer, so the
/// evidence meets in one place; it keeps what the last merge said, for <c>ctl lookup</c>. The store stays the
/// source of truth: an entity that moves or restarts loses nothing but this cache.
/// </summary>
internal sealed class ReputationEntity(string entityId, Func<IpKey, IActorRef> writerFor, string node) : UntypedActor
{
    private readonly IActorRef writer = writerFor(IpKey.From(System.Net.IPAddress.Parse(entityId)));
    private readonly TimeProvider clock = Hosting.Actors.ActorClock.Clock(Context);
    private int pending;
    private long verdicts;
    private ReputationRecord? last;

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case EntityEvidence e:
                pending++;
                verdicts++;
                writer.Tell(new WriteEvidence(e.Delta, e.Origin));
                break;
            case EntityWritten w:
                pending = Math.Max(0, pending - w.Verdicts);
                last = w.Record ?? last;
                break;
            case GetEntityState:
                var now = clock.GetUtcNow();
                Sender.Tell(new EntityState(entityId, node, pending, last?.Score ?? double.NaN, last?.IsListedAt(now) ?? false, verdicts));
                break;
            default:
                Unhandled(message);
                break;
        }
    }
}

/// <summary>
/// The entity <see cref="ReputationExtractor.IntakeId"/> of each shard: takes a node's <see cref="VerdictBatch"/> for
/// the shard and hands each verdict to its address's entity through the shard itself (its parent delivers by entity
/// id, starting the entity if it is not running), so a batch crosses the network once.
/// </summary>
internal sealed class ShardIntake : UntypedActor
{
    protected override void OnReceive(object message)
    {
        if (message is VerdictBatch batch)
        {
            foreach (var delta in batch.Items)
            {
                Context.Parent.Tell(new EntityEvidence(ReputationExtractor.EntityOf(delta.Address), delta, batch.Origin), ActorRefs.NoSender);
            }
        }
        else
        {
            Unhandled(message);
        }
    }
}

using ActorTrap.Node.Hosting.Actors;
using ActorTrap.Node.Reputation.Cluster;
using ActorTrap.Node.Reputation.Sharding;
using ActorTrap.Node.Reputation.Shards;
using Akka.Actor;
using Akka.Cluster.Tools.Singleton;

namespace ActorTrap.Node.Reputation;

/// <summary>
/// Parent of a node's reputation actors, <c>/user/reputation</c>: <c>spool-replay</c>, the store writers
/// <c>writer-0</c> … (whose entities live in the shard region <c>/system/sharding/reputation</c>), the verdict
/// <c>outbox</c>, <c>listings</c> (this node's blacklist copy), <c>node</c> (what <c>ctl cluster show</c> asks) and
/// <c>chores</c>, the manager of the chores cluster singleton. Answers <see cref="GetReputationRefs"/>.
/// </summary>
internal sealed class ReputationActor(ReputationParts parts) : UntypedActor
{
    private ReputationRefs? refs;

    protected override void PreStart()
    {
        var shared = parts.Shared;
        var replayer = Context.ActorOf(ActorProps.Of(() => new SpoolReplayActor(shared)), "spool-replay");
        var writers = Enumerable.Range(0, Math.Max(1, parts.Writers))
            .Select(i => Context.ActorOf(ActorProps.Of(() => new StoreWriter(i, shared, replayer)), $"writer-{i}"))
            .ToArray();
        parts.WriterSet.Set(writers);
        var outbox = Context.ActorOf(ActorProps.Of(() => new VerdictOutbox(parts.Region, parts.Extractor, parts.WriterSet.For, parts.Outbox, shared.Counters, shared.Logger)), "outbox");
        var listings = Context.ActorOf(ActorProps.Of(() => new ListingsActor(shared.Blacklist, shared.Store, shared.Logger, parts.ResyncSettle, shared.Options.RetryInterval)), "listings");
        var node = Context.ActorOf(parts.NodeInfo, "node");
        var chores = Context.ActorOf(ClusterSingletonManager.Props(
            ActorProps.Of(() => new ChoresActor(parts.Chores, shared.Options.ChoreInterval, shared.Logger)),
            PoisonPill.Instance,
            ClusterSingletonManagerSettings.Create(Context.System).WithSingletonName("singleton")), "chores");
        refs = new ReputationRefs(writers, replayer, outbox, listings, node, chores);
    }

    protected override void OnReceive(object message)
    {
        if (message is GetReputationRefs)
        {
            Sender.Tell(refs);
        }
        else
        {
            Unhandled(message);
        }
    }
}

/// <summary>What the reputation actors are built from.</summary>
internal sealed record ReputationParts(ShardContext Shared, int Writers, WriterSet WriterSet, IActorRef Region, ReputationExtractor Extractor, OutboxOptions Outbox,
    Props NodeInfo, ChoreRegistry Chores, TimeSpan ResyncSettle);

/// <summary>A node's store writers, set once they exist; an address always goes to the same writer.</summary>
internal sealed class WriterSet
{
    private volatile IActorRef[] writers = [];

    public IReadOnlyList<IActorRef> All => writers;

    public void Set(IActorRef[] all) => writers = all;

    public IActorRef For(IpKey key)
    {
        var all = writers;
        return all.Length == 0 ? ActorRefs.Nobody : all[(int)(ShardKey.Hash(key) % (ulong)all.Length)];
    }
}

internal sealed record GetReputationRefs
{
    public static readonly GetReputationRefs Instance = new();
}

internal sealed record ReputationRefs(IReadOnlyList<IActorRef> Writers, IActorRef Replayer, IActorRef Outbox, IActorRef Listings, IActorRef Node, IActorRef Chores);

using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using ActorTrap.Node.Reputation.Cluster;
using ActorTrap.Node.Reputation.Shards;

namespace ActorTrap.Node.Reputation;

/// <summary>
/// Parent of the reputation actors, <c>/user/reputation</c>: <c>spool-replay</c>, <c>shard-0</c> … <c>shard-N-1</c>
/// and <c>cluster</c>. Answers <see cref="GetReputationRefs"/> so the service can route to them.
/// </summary>
internal sealed class ReputationActor(ShardContext shared, Func<Props> clusterProps) : UntypedActor
{
    private IActorRef[] shards = [];
    private IActorRef? replayer;
    private IActorRef? cluster;

    protected override void PreStart()
    {
        replayer = Context.ActorOf(ActorProps.Of(() => new SpoolReplayActor(shared)), "spool-replay");
        var r = replayer;
        shards = Enumerable.Range(0, shared.Options.Shards)
            .Select(i => Context.ActorOf(ActorProps.Of(() => new ShardActor(i, shared, r)), $"shard-{i}"))
            .ToArray();
        cluster = Context.ActorOf(clusterProps(), "cluster");
    }

    protected override void OnReceive(object message)
    {
        if (message is GetReputationRefs)
        {
            Sender.Tell(new ReputationRefs(shards, replayer!, cluster!));
        }
        else
        {
            Unhandled(message);
        }
    }
}

internal sealed record GetReputationRefs
{
    public static readonly GetReputationRefs Instance = new();
}

internal sealed record ReputationRefs(IReadOnlyList<IActorRef> Shards, IActorRef Replayer, IActorRef Cluster);

using Akka.Actor;
using Akka.Cluster;
using Akka.Remote;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Hosting.Cluster;

/// <summary>
/// Downs this node as soon as another node of its cluster says it has quarantined it (Akka.Remote's
/// <see cref="ThisActorSystemQuarantinedEvent"/>): the cluster removed this node while it could not answer (a frozen or
/// paused process, a long partition) and will never talk to this incarnation again. Akka.NET's cluster does not act on
/// that by itself, and left running, the node's own split-brain resolver, resuming with a stale view, can find itself
/// in the majority, down the others and carry on as a second cluster owning every shard. Downing itself runs the
/// coordinated shutdown, and <c>actortrap run</c> exits with code 3.
/// </summary>
internal sealed class QuarantineWatchActor(ILogger logger) : UntypedActor
{
    private readonly Akka.Cluster.Cluster cluster = Akka.Cluster.Cluster.Get(Context.System);

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(ThisActorSystemQuarantinedEvent));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    protected override void OnReceive(object message)
    {
        // Every ActorTrap node's actor system has the same name: a node of that name that quarantined this one was of its cluster.
        if (message is ThisActorSystemQuarantinedEvent q && q.RemoteAddress.System == cluster.SelfAddress.System)
        {
            if (cluster.SelfMember.Status is not (MemberStatus.Down or MemberStatus.Removed))
            {
                Log.QuarantinedByMember(logger, q.RemoteAddress.ToString());
                cluster.Down(cluster.SelfAddress);
            }
        }
        else
        {
            Unhandled(message);
        }
    }
}

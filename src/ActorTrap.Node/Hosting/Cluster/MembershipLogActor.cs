using Akka.Actor;
using Akka.Cluster;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Hosting.Cluster;

/// <summary>Logs membership changes that matter to an operator: this node up, members unreachable, reachable again, removed.</summary>
internal sealed class MembershipLogActor(string nodeName, ILogger logger) : UntypedActor
{
    private readonly Akka.Cluster.Cluster cluster = Akka.Cluster.Cluster.Get(Context.System);

    protected override void PreStart() => cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
        typeof(ClusterEvent.MemberUp), typeof(ClusterEvent.UnreachableMember), typeof(ClusterEvent.ReachableMember), typeof(ClusterEvent.MemberRemoved));

    protected override void PostStop() => cluster.Unsubscribe(Self);

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ClusterEvent.MemberUp up when up.Member.Address.Equals(cluster.SelfAddress):
                Log.ClusterJoined(logger, nodeName, cluster.SelfAddress.ToString(), cluster.State.Members.Count(m => m.Status == MemberStatus.Up));
                break;
            case ClusterEvent.UnreachableMember u:
                Log.MemberUnreachable(logger, u.Member.Address.ToString());
                break;
            case ClusterEvent.ReachableMember r:
                Log.MemberReachable(logger, r.Member.Address.ToString());
                break;
            case ClusterEvent.MemberRemoved removed:
                Log.MemberRemoved(logger, removed.Member.Address.ToString(), removed.PreviousStatus.ToString().ToLowerInvariant());
                break;
        }
    }
}

using ActorTrap.Node.Reputation.Cluster;
using Akka.Actor;

namespace ActorTrap.Node.Reputation.Sharding;

/// <summary>
/// <c>/user/reputation/node</c>: what <c>ctl cluster show</c> wants to know about this member that Akka's membership
/// does not carry (its name, admin address, held clients, whether it runs the chores). Asked across the cluster.
/// </summary>
internal sealed class NodeInfoActor(string name, Func<string> adminAddress, Func<int> held, DateTimeOffset startedAt, ChoreRegistry chores, Func<long> unacknowledged,
    Func<string>? settingsHash = null)
    : UntypedActor
{
    protected override void OnReceive(object message)
    {
        if (message is GetNodeInfo)
        {
            Sender.Tell(new NodeInfo(name, adminAddress(), held(), startedAt, unacknowledged(), chores.RunningHere, settingsHash?.Invoke() ?? ""));
        }
        else
        {
            Unhandled(message);
        }
    }
}

/// <summary>This node's admin address as advertised: the configured one, or the admin endpoint once it is bound.</summary>
internal sealed class AdminAddressHolder(string configured)
{
    private volatile string address = configured;

    public bool Configured { get; } = configured.Length > 0;

    public string Get() => address;

    public void Bound(string endpoint)
    {
        if (!Configured)
        {
            address = endpoint;
        }
    }
}

using Akka.Actor;

namespace ActorTrap.Node.Hosting.Cluster;

/// <summary>What this node knows of the membership when an operator's action arrives.</summary>
/// <param name="Self">This node's Akka address.</param>
/// <param name="SelfIsMember">This node is in the membership (joining, up, leaving...): Akka lets it join only once.</param>
/// <param name="Terminated">This node's cluster extension has stopped (it left or was downed).</param>
/// <param name="Members">Every member this node sees, reachable or not, with Akka's status in lower case.</param>
internal sealed record MembershipSnapshot(Address Self, bool SelfIsMember, bool Terminated, IReadOnlyList<(Address Address, string Status)> Members)
{
    public static MembershipSnapshot Of(Akka.Cluster.Cluster cluster)
    {
        var members = cluster.State.Members.Select(m => (m.Address, m.Status.ToString().ToLowerInvariant())).ToList();
        return new MembershipSnapshot(cluster.SelfAddress, members.Any(m => m.Address.Equals(cluster.SelfAddress)), cluster.IsTerminated, members);
    }
}

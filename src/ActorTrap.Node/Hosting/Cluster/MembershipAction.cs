namespace ActorTrap.Node.Hosting.Cluster;

/// <summary>Akka.Cluster's user actions an operator can send through the admin API (<c>ctl cluster leave|down|join</c>).</summary>
public enum MembershipAction
{
    /// <summary>The member hands its shards over, leaves and stops (exit code 0).</summary>
    Leave,

    /// <summary>The member is removed at once, without handing over (for a member that is gone or stuck); it stops with exit code 3 if it still runs.</summary>
    Down,

    /// <summary>This node joins the cluster of the given member (only a node that is not a member yet).</summary>
    Join,
}

namespace ActorTrap.Node.Admin;

/// <summary>The body of <c>POST /api/cluster/leave</c>, <c>/down</c> and <c>/join</c>.</summary>
/// <param name="Address">A member's Akka address as <c>GET /api/cluster</c> lists it, or host:port.</param>
internal sealed record ClusterMemberRequest(string? Address);

namespace ActorTrap.Cli.Tests.EndToEnd;

/// <summary>One member as <c>GET /api/cluster</c> shows it (name and held only when the member answered).</summary>
internal sealed record ClusterMemberView(string Address, string Status, bool Reachable, string? Name, int? Held, bool RunsChores);

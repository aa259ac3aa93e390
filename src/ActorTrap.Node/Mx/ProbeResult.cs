namespace ActorTrap.Node.Mx;

/// <summary>One probe round of a domain's primary MX.</summary>
/// <param name="Domain">The backup domain (or domain found by MX lookup) whose primary was probed.</param>
/// <param name="At">When the round started (the connect went out then): sessions are placed before or after this.</param>
/// <param name="Detail">Short reason for logs and the admin view, e.g. "mx1.example.org:25 refused".</param>
public sealed record ProbeResult(string Domain, DateTimeOffset At, ProbeState State, string Detail);

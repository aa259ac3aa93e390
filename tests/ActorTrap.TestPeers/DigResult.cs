namespace ActorTrap.TestPeers;

/// <summary>What one <c>dig</c> run printed.</summary>
/// <param name="Lines">Standard output split into non-empty lines.</param>
public sealed record DigResult(int ExitCode, IReadOnlyList<string> Lines, string Stderr);

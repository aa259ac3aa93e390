namespace ActorTrap.Cli.Tests.Detection;

/// <summary>What one situation of the corpus came to.</summary>
/// <param name="Sessions">Sessions the node judged from the situation's address.</param>
/// <param name="ListedAfter">The session after whose verdict the address was listed; null if never.</param>
/// <param name="Sins">Every sin the node's verdicts named, in the order first seen.</param>
/// <param name="Error">Why the situation could not be run to its end, if it could not.</param>
internal sealed record CorpusOutcome(CorpusSituation Situation, int Sessions, int? ListedAfter, IReadOnlyList<string> Sins, string? Error)
{
    public bool Listed => ListedAfter is not null;

    /// <summary>Why this outcome fails the corpus, or null.</summary>
    public string? Failure => Error is not null ? $"{Situation.Name}: {Error}"
        : Situation.Role switch
        {
            CorpusRole.RealMta when Listed => $"{Situation.Name}: a real MTA was listed after session {ListedAfter}",
            CorpusRole.MustNotList when Listed => $"{Situation.Name}: listed after session {ListedAfter} though its sins must never list alone",
            CorpusRole.Spambot when !Listed => $"{Situation.Name}: not listed in {Sessions} session(s) (expected within {Situation.ListWithin})",
            CorpusRole.Spambot when ListedAfter > Situation.ListWithin => $"{Situation.Name}: listed after {ListedAfter} sessions (expected within {Situation.ListWithin})",
            _ => null,
        };
}

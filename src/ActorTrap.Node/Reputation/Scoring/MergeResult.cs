namespace ActorTrap.Node.Reputation.Scoring;

/// <summary>One address after a merge.</summary>
/// <param name="NewlyListed">This merge listed the address (it was not listed, or its listing had lapsed, before).</param>
internal sealed record MergeResult(ReputationRecord Record, bool NewlyListed);

namespace ActorTrap.Cli.Tests.Detection;

/// <summary>What the corpus expects of a situation, and where it counts in the confusion matrix.</summary>
internal enum CorpusRole
{
    /// <summary>A real MTA from a Debian package, or a scripted well-behaved client: must never be listed.</summary>
    RealMta,

    /// <summary>A spambot that must be listed within its situation's session bound.</summary>
    Spambot,

    /// <summary>A spambot with no stated expectation (one sin the rule may judge too weak alone): measured, not asserted.</summary>
    Measured,

    /// <summary>A client with only sins that must never list on their own (soft sins, no-QUIT alone).</summary>
    MustNotList,
}

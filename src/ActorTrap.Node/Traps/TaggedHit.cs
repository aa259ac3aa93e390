namespace ActorTrap.Node.Traps;

/// <summary>What a recipient at a tagged trap domain told (<see cref="TaggedTraps.Check"/>).</summary>
/// <param name="Opening">What its token gave.</param>
/// <param name="Harvest">The harvest to report, or null (no token, too old, or a harvester never listed).</param>
/// <param name="Detail">For the trap-address sin: "tagged", "tagged-expired" or "untagged" (escaped, our words).</param>
internal sealed record TaggedHit(TokenOpening Opening, HarvestEvidence? Harvest, string Detail);

using System.Net;

namespace ActorTrap.Node.Reputation.Scoring;

/// <summary>
/// New evidence about one address, coalesced from one or more verdicts: what a shard writes to the store.
/// Times are whole milliseconds so that every store (and the spool) holds exactly the same values.
/// </summary>
/// <param name="Address">Normalised: IPv4 as IPv4 (never IPv4-mapped IPv6).</param>
/// <param name="Score">The verdicts' hard evidence (<see cref="SessionEvidence.Hard"/>) decayed to <paramref name="Last"/> and summed.</param>
/// <param name="First">Time of the oldest verdict in the delta.</param>
/// <param name="Last">Time of the newest verdict: the time the score is valued at, and the listing refresh time.</param>
/// <param name="Reasons">Sin wire names and DNSBL zones, sorted (ordinal) and distinct.</param>
/// <param name="Trap">A verdict carried the trap-address sin: listed at once, class <see cref="ListingClass.Trap"/>.</param>
/// <param name="Allowed">The address is in an allow-listed network: scored, never listed.</param>
internal sealed record EvidenceDelta(
    IPAddress Address,
    double Score,
    DateTimeOffset First,
    DateTimeOffset Last,
    int Verdicts,
    IReadOnlyList<string> Reasons,
    bool Trap,
    bool Allowed)
{
    internal IpKey Key { get; } = IpKey.From(Address);

    /// <summary>Soft sin kinds seen (<see cref="SessionEvidence.SoftKinds"/>); they count once per evidence window.</summary>
    public int SoftKinds { get; init; }

    /// <summary>
    /// A tagged trap address harvested by this address was used (issue 18): listed in class
    /// <see cref="ListingClass.Harvester"/> unless trap or behaviour evidence lists it in theirs. Adds no score.
    /// </summary>
    public bool Harvester { get; init; }

    /// <summary>Virtues (retries), decayed to <see cref="Last"/> and summed; zero or negative.</summary>
    public double Virtue { get; init; }

    /// <summary>
    /// Ids of the verdicts this delta carries (<see cref="VerdictIds"/>): a store applies a delta only if none of them
    /// was applied before, so a resent verdict counts once. Empty for evidence without ids (spool records written
    /// before ids existed): such a delta is always applied.
    /// </summary>
    public IReadOnlyList<long> Ids { get; init; } = [];

    /// <summary>
    /// Who reported the verdicts (issue 18): a UDP feed reporter each, newest time per reporter. Empty means the
    /// cluster's own sessions (<see cref="ReporterMark.LocalId"/>), as every delta was before reporters existed.
    /// </summary>
    public IReadOnlyList<ReporterMark> Reporters { get; init; } = [];

    /// <summary>
    /// <see cref="Reporters"/>, with the implicit local mark made explicit. A harvest alone names no reporter: that a
    /// tagged address was harvested is no evidence that the harvester sends spam, so it must not corroborate trap or
    /// behaviour evidence a single remote reporter sent about the same address.
    /// </summary>
    internal IReadOnlyList<ReporterMark> Marks => Reporters.Count > 0 ? Reporters : HarvestOnly ? [] : [ReporterMark.Local(Last)];

    /// <summary>Only a harvest: no score, trap, soft sin or virtue.</summary>
    internal bool HarvestOnly => Harvester && Score == 0 && !Trap && SoftKinds == 0 && Virtue == 0;
}

using System.Net;

namespace ActorTrap.Node.Reputation.Scoring;

/// <summary>What the store holds about one address after a merge.</summary>
/// <param name="Score">Decayed score valued at <paramref name="ScoreAt"/>; decay it further with <see cref="Scorer.Decay"/>.</param>
/// <param name="ListedAt">When the current listing began; null when not listed.</param>
/// <param name="Expires">When the current listing lapses unless refreshed; null when not listed.</param>
internal sealed record ReputationRecord(
    IPAddress Address,
    double Score,
    DateTimeOffset ScoreAt,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    long Verdicts,
    IReadOnlyList<string> Reasons,
    bool Trap,
    bool Allowed,
    DateTimeOffset? ListedAt,
    DateTimeOffset? Expires)
{
    /// <summary>Soft sin kinds counted in the evidence window that began at <see cref="SoftSince"/>.</summary>
    public int SoftKinds { get; init; }

    /// <summary>Start of the current evidence window; null when no soft sin was ever seen.</summary>
    public DateTimeOffset? SoftSince { get; init; }

    /// <summary>Virtues valued at <see cref="ScoreAt"/> (zero or negative): they offset soft sins only.</summary>
    public double Virtue { get; init; }

    /// <summary>
    /// Listed only as a harvester of tagged trap addresses (issue 18): no trap or behaviour evidence lists it. Cleared
    /// when such evidence comes, so the stronger class wins.
    /// </summary>
    public bool Harvester { get; init; }

    /// <summary>
    /// Reporters of the address within the reporter window as of the last merge, newest first, at most
    /// <see cref="ReporterMark.MaxPerAddress"/>. Empty for a record written before issue 18 (its evidence was local).
    /// </summary>
    public IReadOnlyList<ReporterMark> Reporters { get; init; } = [];

    public bool IsListedAt(DateTimeOffset now) => ListedAt is not null && Expires > now;

    // Harvester first: the flag is set only while neither trap nor behaviour evidence lists the address (Scorer.Merge), and
    // trap evidence a single untrusted reporter sent (not corroborated) must not turn a harvester listing into a blocking one.
    public ListingClass Class => Harvester ? ListingClass.Harvester : Trap ? ListingClass.Trap : ListingClass.Behaviour;

    /// <summary>The blacklist entry for this record (call only when listed).</summary>
    public Listing ToListing() => new(Address, Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128,
        Class, Score, Reasons, FirstSeen, LastSeen, ListedAt ?? LastSeen, Expires)
    {
        Reporters = ReporterMark.RemoteIds(Reporters),
    };
}

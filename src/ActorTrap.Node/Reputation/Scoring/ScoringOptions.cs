using ActorTrap.Node.Session;

namespace ActorTrap.Node.Reputation.Scoring;

/// <summary>
/// The listing rule's parameters (all nodes of a cluster should agree on them). The rule itself is
/// <see cref="Scorer.Merge"/>; hocon/actortrap.conf explains it with examples.
/// </summary>
/// <param name="ListThreshold">Decayed score at or over which an address is listed (<c>actortrap.reputation.list-threshold</c>).</param>
/// <param name="HalfLife">Time for a score to halve (<c>actortrap.reputation.half-life</c>).</param>
/// <param name="ListingTtl">How long a listing lasts after the newest evidence (<c>actortrap.reputation.listing-ttl</c>).</param>
/// <param name="MaxReasons">Reasons kept per address (sorted, distinct); bounds the row and the NOTIFY payload.</param>
internal sealed record ScoringOptions(double ListThreshold, TimeSpan HalfLife, TimeSpan ListingTtl, int MaxReasons = ScoringOptions.DefaultMaxReasons)
{
    /// <summary>18 sin kinds plus a few DNSBL zones fit; TXT answers are 255 bytes per string anyway.</summary>
    public const int DefaultMaxReasons = 24;

    /// <summary>Default weight of every soft sin kind (hocon/actortrap.conf actortrap.smtp.sins).</summary>
    public const double DefaultSoftWeight = 0.5;

    /// <summary>
    /// Most that soft sins add together (<c>actortrap.reputation.soft-cap</c>); validated below
    /// <see cref="ListThreshold"/>, so soft sins alone never list.
    /// </summary>
    public double SoftCap { get; init; } = 2;

    /// <summary>A soft sin kind counts once per client per window (<c>actortrap.reputation.evidence-window</c>).</summary>
    public TimeSpan EvidenceWindow { get; init; } = TimeSpan.FromDays(5);

    /// <summary>
    /// The most a client's virtues count (a negative number, <c>actortrap.smtp.sins.retried</c>): more retries keep
    /// the virtue fresh rather than piling it up.
    /// </summary>
    public double VirtueFloor { get; init; } = -2;

    /// <summary>
    /// Distinct reporters that must agree, within <see cref="ReporterWindow"/>, before an address whose evidence comes
    /// only from untrusted UDP feed reporters is listed (<c>actortrap.publish.udp-feed.min-reporters</c>, default 2).
    /// </summary>
    public int MinReporters { get; init; } = 2;

    /// <summary>How long a report counts towards agreement (<c>actortrap.publish.udp-feed.window</c>, default 24 h, the listing TTL).</summary>
    public TimeSpan ReporterWindow { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Weight of each soft kind, indexed by <see cref="SinKind"/>.</summary>
    public IReadOnlyDictionary<SinKind, double> SoftWeights { get; init; } =
        Enum.GetValues<SinKind>().Where(k => k.Class() == SinClass.Soft).ToDictionary(k => k, _ => DefaultSoftWeight);

    /// <summary>What the soft kinds in <paramref name="mask"/> add, capped at <see cref="SoftCap"/>.</summary>
    public double SoftValue(int mask)
    {
        var sum = 0.0;
        foreach (var (kind, weight) in SoftWeights)
        {
            if ((mask & SessionEvidence.Bit(kind)) != 0)
            {
                sum += weight;
            }
        }

        return Math.Min(sum, SoftCap);
    }
}

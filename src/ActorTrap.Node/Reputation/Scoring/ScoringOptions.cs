namespace ActorTrap.Node.Reputation.Scoring;

/// <summary>The scoring rules every store applies in its merge (all nodes of a cluster should agree on them).</summary>
/// <param name="ListThreshold">Decayed score at or over which an address is listed (<c>actortrap.reputation.list-threshold</c>).</param>
/// <param name="HalfLife">Time for a score to halve (<c>actortrap.reputation.half-life</c>).</param>
/// <param name="ListingTtl">How long a listing lasts after the newest evidence (<c>actortrap.reputation.listing-ttl</c>).</param>
/// <param name="MaxReasons">Reasons kept per address (sorted, distinct); bounds the row and the NOTIFY payload.</param>
internal sealed record ScoringOptions(double ListThreshold, TimeSpan HalfLife, TimeSpan ListingTtl, int MaxReasons = ScoringOptions.DefaultMaxReasons)
{
    /// <summary>18 sin kinds plus a few DNSBL zones fit; TXT answers are 255 bytes per string anyway.</summary>
    public const int DefaultMaxReasons = 24;
}

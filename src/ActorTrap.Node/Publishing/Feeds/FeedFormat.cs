namespace ActorTrap.Node.Publishing.Feeds;

/// <summary>The shapes the list is published in (HTTP feed, <c>actortrap zone export</c>).</summary>
internal enum FeedFormat
{
    /// <summary>One address or CIDR per line.</summary>
    Plain,

    /// <summary>RFC 4180 CSV with a header line.</summary>
    Csv,

    /// <summary>One JSON object with the listings and the cursor.</summary>
    Json,

    /// <summary>An rbldnsd <c>combined</c> dataset.</summary>
    Rbldnsd,
}

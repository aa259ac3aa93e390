using System.Globalization;

namespace ActorTrap.Node.Publishing.Feeds;

/// <summary>Timestamps in feeds: UTC, ISO 8601, whole seconds (<c>2025-01-01T00:00:00Z</c>).</summary>
internal static class FeedTime
{
    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Format(DateTimeOffset? time) => time is { } t ? Format(t) : string.Empty;

    public static string Class(Reputation.ListingClass listingClass) => listingClass.ToString().ToLowerInvariant();
}

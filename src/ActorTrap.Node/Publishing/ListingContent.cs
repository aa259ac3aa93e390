using ActorTrap.Node.Reputation;

namespace ActorTrap.Node.Publishing;

/// <summary>Whether two listings would publish differently (records compare their reason lists by reference; this compares them by value).</summary>
internal static class ListingContent
{
    public static bool Same(Listing a, Listing b) =>
        a.Address.Equals(b.Address) && a.PrefixLength == b.PrefixLength && a.Class == b.Class && a.Score.Equals(b.Score)
        && a.FirstSeen == b.FirstSeen && a.LastSeen == b.LastSeen && a.ListedAt == b.ListedAt && a.Expires == b.Expires
        && a.Reasons.SequenceEqual(b.Reasons, StringComparer.Ordinal) && a.Reporters.SequenceEqual(b.Reporters, StringComparer.Ordinal);
}

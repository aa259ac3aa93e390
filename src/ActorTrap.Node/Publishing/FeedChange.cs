using ActorTrap.Node.Reputation;

namespace ActorTrap.Node.Publishing;

/// <summary>One change to the published list: a listing added or changed, or (with <see cref="Listing"/> null) removed.</summary>
internal sealed record FeedChange(long Version, ListingKey Key, Listing? Listing);

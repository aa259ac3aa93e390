using ActorTrap.Node.Reputation;

namespace ActorTrap.Node.Publishing;

/// <summary>
/// What a feed response shows: every listing (<see cref="Full"/>) or the changes after a cursor. Immutable.
/// </summary>
/// <param name="Cursor">Pass back as <c>since=</c> to get only what changes after this view.</param>
/// <param name="Listed">Listings, in <see cref="ListingKey"/> order.</param>
/// <param name="Delisted">Networks removed since the cursor (always empty in a full view).</param>
internal sealed record FeedView(string Cursor, bool Full, IReadOnlyList<Listing> Listed, IReadOnlyList<ListingKey> Delisted);

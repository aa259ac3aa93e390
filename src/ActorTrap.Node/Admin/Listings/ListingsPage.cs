using ActorTrap.Node.Reputation;

namespace ActorTrap.Node.Admin.Listings;

/// <param name="Listings">This page, in network order.</param>
/// <param name="Matched">Listings that pass the filters, on every page.</param>
/// <param name="Next">The cursor of the next page; null on the last.</param>
internal sealed record ListingsPage(IReadOnlyList<Listing> Listings, int Matched, ListingsCursor? Next);

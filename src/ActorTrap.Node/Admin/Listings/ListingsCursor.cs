using System.Net;
using ActorTrap.Node.Publishing;
using ActorTrap.Node.Reputation;

namespace ActorTrap.Node.Admin.Listings;

/// <summary>
/// Where a page of listings ends: the network and class of its last listing, as <c>192.0.2.9/32,behaviour</c>. The
/// class breaks the tie between an address listed by hand and by score. Readable, so an operator can start a listing
/// anywhere (<c>--after 198.51.100.0/24,manual</c>).
/// </summary>
internal readonly record struct ListingsCursor(ListingKey Key, ListingClass Class) : IComparable<ListingsCursor>
{
    public static ListingsCursor Of(Listing listing) => new(ListingKey.Of(listing), listing.Class);

    public int CompareTo(ListingsCursor other)
    {
        var key = Key.CompareTo(other.Key);
        return key != 0 ? key : Class.CompareTo(other.Class);
    }

    public override string ToString() => $"{Key.Cidr},{ReputationJson.Word(Class)}";

    public static bool TryParse(string text, out ListingsCursor cursor)
    {
        cursor = default;
        var comma = text.LastIndexOf(',');
        if (comma < 0 || !AdminNetwork.TryParseNetwork(text[..comma], out var network, out _)
            || !Enum.TryParse<ListingClass>(text[(comma + 1)..], ignoreCase: true, out var listingClass) || !Enum.IsDefined(listingClass)
            || char.IsDigit(text[comma + 1]))
        {
            return false;
        }

        cursor = new ListingsCursor(new ListingKey(network.BaseAddress, network.PrefixLength), listingClass);
        return true;
    }
}

using System.Globalization;
using System.Net;
using ActorTrap.Node.Reputation;

namespace ActorTrap.Node.Admin.Listings;

/// <summary>
/// One page of <c>GET /api/listings</c>: the listings that pass every filter, in network order (IPv4 before IPv6, then
/// by address, then by prefix, then by class), after the cursor, at most <see cref="Limit"/>. One pass over the node's
/// copy keeping only the best <c>Limit + 1</c> in a heap, so a page costs O(n log limit) time and O(limit) memory
/// however many listings there are (a million scan in well under a second), and the answer stays small.
/// </summary>
/// <param name="Class">Only listings of this class.</param>
/// <param name="Reason">Only listings with a reason containing this text (case-insensitive).</param>
/// <param name="Network">Only listings that overlap this network: inside it, or covering it (a manual /24 covers its addresses).</param>
/// <param name="After">The cursor: only listings after this one (the <c>next</c> of the page before).</param>
internal sealed record ListingsQuery(ListingClass? Class, string? Reason, IPNetwork? Network, ListingsCursor? After, int Limit)
{
    /// <summary>Listings per page unless the caller asks otherwise.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The most a page holds: a page stays a few hundred KB of JSON.</summary>
    public const int MaxLimit = 1000;

    public ListingsPage Run(IEnumerable<Listing> listings)
    {
        ArgumentNullException.ThrowIfNull(listings);
        // A max-heap of the smallest Limit + 1 seen so far: the extra one says whether there is a next page.
        var best = new PriorityQueue<Listing, ListingsCursor>(Limit + 2, Comparer<ListingsCursor>.Create((a, b) => b.CompareTo(a)));
        var matched = 0;
        foreach (var listing in listings)
        {
            if (!Matches(listing))
            {
                continue;
            }

            matched++;
            var key = ListingsCursor.Of(listing);
            if (After is { } after && key.CompareTo(after) <= 0)
            {
                continue;
            }

            best.Enqueue(listing, key);
            if (best.Count > Limit + 1)
            {
                best.Dequeue();
            }
        }

        var page = new List<Listing>(best.Count);
        while (best.TryDequeue(out var listing, out _))
        {
            page.Add(listing);
        }

        page.Reverse();
        var more = page.Count > Limit;
        if (more)
        {
            page.RemoveAt(page.Count - 1);
        }

        return new ListingsPage(page, matched, more ? ListingsCursor.Of(page[^1]) : null);
    }

    private bool Matches(Listing listing)
    {
        if (Class is { } c && listing.Class != c)
        {
            return false;
        }

        if (Reason is { Length: > 0 } reason && !listing.Reasons.Any(r => r.Contains(reason, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        if (Network is { } network)
        {
            var own = new IPNetwork(listing.Address, listing.PrefixLength);
            return network.Contains(listing.Address) || own.Contains(network.BaseAddress);
        }

        return true;
    }

    /// <summary>Reads the query string; an unknown class, a bad network or cursor, or a limit out of range is a sentence for a 400.</summary>
    public static bool TryParse(string? @class, string? reason, string? network, string? after, string? limit, out ListingsQuery query, out string error)
    {
        query = new ListingsQuery(null, null, null, null, DefaultLimit);
        ListingClass? listingClass = null;
        if (!string.IsNullOrEmpty(@class))
        {
            if (!Enum.TryParse<ListingClass>(@class, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || char.IsDigit(@class[0]))
            {
                error = "class must be behaviour, trap or manual";
                return false;
            }

            listingClass = parsed;
        }

        IPNetwork? within = null;
        if (!string.IsNullOrEmpty(network))
        {
            if (!AdminNetwork.TryParseNetwork(network, out var parsed, out error))
            {
                error = "network: " + error;
                return false;
            }

            within = parsed;
        }

        ListingsCursor? cursor = null;
        if (!string.IsNullOrEmpty(after))
        {
            if (!ListingsCursor.TryParse(after, out var parsed))
            {
                error = "after must be the next cursor of an earlier page";
                return false;
            }

            cursor = parsed;
        }

        var size = DefaultLimit;
        if (!string.IsNullOrEmpty(limit)
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxLimit))
        {
            error = $"limit must be a whole number from 1 to {MaxLimit}";
            return false;
        }

        query = new ListingsQuery(listingClass, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), within, cursor, size);
        error = "";
        return true;
    }
}

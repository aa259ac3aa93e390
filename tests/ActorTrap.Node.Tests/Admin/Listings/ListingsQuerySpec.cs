using System.Net;
using ActorTrap.Node.Admin.Listings;
using ActorTrap.Node.Reputation;
using static ActorTrap.Node.Tests.Publishing.Support.TestBlacklist;

namespace ActorTrap.Node.Tests.Admin.Listings;

public sealed class ListingsQuerySpec
{
    private static readonly Listing[] All =
    [
        Entry("2001:db8::7"),
        Entry("198.51.100.0/24", ListingClass.Manual, score: 0, reasons: ["snowshoe campaign"]),
        Entry("192.0.2.9", reasons: ["pregreet", "no-quit"]),
        Entry("198.51.100.7", ListingClass.Trap, reasons: ["trap-address"]),
        Entry("192.0.2.9", ListingClass.Manual, score: 0, reasons: ["by hand too"]),
        Entry("10.0.0.0/8", ListingClass.Manual, score: 0, reasons: ["Imported list"]),
    ];

    private static ListingsQuery Query(string? @class = null, string? reason = null, string? network = null, string? after = null, string? limit = null)
    {
        Assert.True(ListingsQuery.TryParse(@class, reason, network, after, limit, out var query, out var error), error);
        return query;
    }

    private static string[] Keys(ListingsPage page) => [.. page.Listings.Select(l => ListingsCursor.Of(l).ToString())];

    [Fact]
    public void Pages_follow_network_order_and_the_cursor_continues_where_the_last_page_ended_issue_16()
    {
        var seen = new List<string>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = Query(after: after, limit: "2").Run(All);
            Assert.True(page.Listings.Count <= 2);
            Assert.Equal(All.Length, page.Matched);
            seen.AddRange(Keys(page));
            after = page.Next?.ToString();
            pages++;
        }
        while (after is not null);

        Assert.Equal(3, pages);
        Assert.Equal(["10.0.0.0/8,manual", "192.0.2.9/32,behaviour", "192.0.2.9/32,manual", "198.51.100.0/24,manual", "198.51.100.7/32,trap", "2001:db8::7/128,behaviour"], seen);
    }

    [Fact]
    public void Filters_by_class_reason_text_and_overlapping_network()
    {
        Assert.Equal(["10.0.0.0/8,manual", "192.0.2.9/32,manual", "198.51.100.0/24,manual"], Keys(Query(@class: "manual").Run(All)));
        Assert.Equal(["10.0.0.0/8,manual"], Keys(Query(reason: "imported").Run(All)));
        // Inside the /24, and the /24 itself; an address finds the network that covers it.
        Assert.Equal(["198.51.100.0/24,manual", "198.51.100.7/32,trap"], Keys(Query(network: "198.51.100.0/24").Run(All)));
        Assert.Equal(["198.51.100.0/24,manual"], Keys(Query(network: "198.51.100.77").Run(All)));
        Assert.Equal(["2001:db8::7/128,behaviour"], Keys(Query(network: "2001:db8::/32").Run(All)));
    }

    [Fact]
    public void A_page_of_a_million_listings_is_bounded_by_its_limit()
    {
        var template = Entry("10.0.0.0");
        // Generated in reverse, so the page's listings are the last the scan meets.
        var many = Enumerable.Range(0, 1_000_000).Reverse().Select(i => template with { Address = new IPAddress([10, (byte)(i >> 16), (byte)(i >> 8), (byte)i]) });
        var page = Query(limit: "1000").Run(many);

        Assert.Equal(1000, page.Listings.Count);
        Assert.Equal(1_000_000, page.Matched);
        Assert.Equal("10.0.0.0", page.Listings[0].Address.ToString());
        Assert.Equal("10.0.3.231/32,behaviour", page.Next.ToString());
    }

    [Theory]
    [InlineData("class", "scored", "class must be")]
    [InlineData("class", "1", "class must be")]
    [InlineData("network", "192.0.2.7/24", "host bits")]
    [InlineData("after", "nonsense", "after must be")]
    [InlineData("limit", "0", "limit must be")]
    [InlineData("limit", "1001", "limit must be")]
    public void Bad_query_is_a_sentence_for_a_400(string key, string value, string error)
    {
        var ok = ListingsQuery.TryParse(key == "class" ? value : null, null, key == "network" ? value : null, key == "after" ? value : null,
            key == "limit" ? value : null, out _, out var message);

        Assert.False(ok);
        Assert.Contains(error, message, StringComparison.Ordinal);
    }
}

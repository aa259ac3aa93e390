using ActorTrap.Node.Tests.Support;
using ActorTrap.TestPeers;
using Akka.TestKit;
using System.Net;
using System.Net.Http.Headers;
using ActorTrap.Node.Publishing.Feeds;
using ActorTrap.Node.Reputation;
using ActorTrap.Node.Tests.Publishing.Support;
using static ActorTrap.Node.Tests.Publishing.Support.TestBlacklist;

namespace ActorTrap.Node.Tests.Publishing.Feeds;

public sealed class HttpFeedSpec
{
    private readonly VirtualTime clock = new();
    private readonly TestBlacklist blacklist = new(
        Entry("192.0.2.9", reasons: ["pregreet", "no-quit"]),
        Entry("203.0.113.0/24", ListingClass.Manual, score: 0, reasons: ["operator, \"snowshoe\""]),
        Entry("2001:db8::7"));

    private static Uri Path(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task Plain_feed_has_one_address_or_network_per_line()
    {
        await using var node = await TestNode.StartAsync(clock, blacklist);

        var text = await node.Http.GetStringAsync(Path("/feed.txt"));

        Assert.Equal("192.0.2.9\n203.0.113.0/24\n2001:db8::7\n", text);
    }

    [Fact]
    public async Task Csv_feed_quotes_what_needs_quoting_and_carries_times_and_reasons()
    {
        await using var node = await TestNode.StartAsync(clock, blacklist);

        var rows = Rfc4180.Parse(await node.Http.GetStringAsync(Path("/feed.csv")));

        Assert.Equal(CsvFeed.Header.Split(','), rows[0]);
        Assert.Equal(["192.0.2.9", "behaviour", "3", "pregreet;no-quit", "2024-12-31T23:00:00Z", "2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z", "2025-01-08T00:00:00Z", "listed"], rows[1]);
        Assert.Equal("operator, \"snowshoe\"", rows[2][3]);
        Assert.Equal("", rows[2][7]);
        Assert.Equal(4, rows.Count);
    }

    [Fact]
    public async Task Json_feed_reads_back_into_the_same_listings()
    {
        await using var node = await TestNode.StartAsync(clock, blacklist);

        var response = await node.Http.GetAsync(Path("/feed.json"));
        Assert.True(JsonFeed.TryParse(await response.Content.ReadAsByteArrayAsync(), out var listings, out var error), error);

        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(3, listings.Count);
        Assert.EndsWith("}\n", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal); // issue 16: a text file ends in a newline
        Assert.All(blacklist.Snapshot(), expected => Assert.Contains(listings, l => ActorTrap.Node.Publishing.ListingContent.Same(l, expected)));
    }

    [Fact]
    public async Task Unchanged_feed_answers_304_to_its_etag_and_200_once_the_list_changes()
    {
        await using var node = await TestNode.StartAsync(clock, blacklist);
        var first = await node.Http.GetAsync(Path("/feed.txt"));
        var etag = first.Headers.ETag!;

        Assert.Equal(HttpStatusCode.NotModified, (await Conditional(node, "/feed.txt", etag)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Conditional(node, "/feed.csv", etag)).StatusCode); // another representation

        blacklist.Add(Entry("192.0.2.10"));
        clock.Advance(TimeSpan.FromSeconds(1)); // one poll
        var changed = await Conditional(node, "/feed.txt", etag);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        Assert.Contains("192.0.2.10\n", await changed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Since_cursor_returns_additions_and_removals_only()
    {
        await using var node = await TestNode.StartAsync(clock, blacklist);
        var full = await node.Http.GetAsync(Path("/feed.txt"));
        var cursor = full.Headers.GetValues(FeedRoutes.CursorHeader).Single();
        Assert.Equal("true", full.Headers.GetValues(FeedRoutes.FullHeader).Single());

        blacklist.Add(Entry("192.0.2.10"));
        blacklist.Remove("192.0.2.9");
        clock.Advance(TimeSpan.FromSeconds(1));
        var delta = await node.Http.GetAsync(Path($"/feed.txt?since={cursor}"));

        Assert.Equal("false", delta.Headers.GetValues(FeedRoutes.FullHeader).Single());
        Assert.Equal("192.0.2.10\n-192.0.2.9\n", await delta.Content.ReadAsStringAsync());
        var csv = Rfc4180.Parse(await node.Http.GetStringAsync(Path($"/feed.csv?since={cursor}")));
        Assert.Equal([("192.0.2.10", "listed"), ("192.0.2.9", "delisted")], csv.Skip(1).Select(r => (r[0], r[8])));
    }

    [Fact]
    public async Task Feed_needs_the_admin_token()
    {
        await using var node = await TestNode.StartAsync(clock, blacklist);
        using var anonymous = new HttpClient { BaseAddress = node.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Path("/feed.txt"))).StatusCode);
    }

    private static Task<HttpResponseMessage> Conditional(TestNode node, string path, EntityTagHeaderValue etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Path(path));
        request.Headers.IfNoneMatch.Add(etag);
        return node.Http.SendAsync(request);
    }
}

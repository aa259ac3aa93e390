using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ActorTrap.Dns;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Hosting;
using ActorTrap.Node.Hosting.Reload;
using ActorTrap.Node.Publishing.UdpFeed;
using ActorTrap.Node.Session;
using ActorTrap.Node.Tests.Publishing.Support;
using TempDirectory = ActorTrap.Node.Tests.Reputation.Support.TempDirectory;
using ActorTrap.Node.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorTrap.Node.Tests.Publishing.UdpFeed;

/// <summary>
/// Issue 18 end to end: a real collector node (SQLite store, DNSBL responder, admin API) on virtual time, fed signed
/// lines over a real loopback socket by reporters det-a and det-b (untrusted, det-a capped at 100 new addresses a
/// minute) and det-t (trusted, capped at 50). Remote reports list only when two reporters agree within the window or
/// a trusted one reports; the TXT answer and the lookup name the reporters. The window is 2 minutes here, so that
/// virtual time steps through every timer of the node past it in seconds (the 24 h default is held by ConsensusSpec
/// and the store contract).
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class ConsensusCollectorSpec : IAsyncLifetime
{
    private const string KeyA = "det-a-key-0123456789abcdef";
    private const string KeyB = "det-b-key-0123456789abcdef";
    private const string KeyT = "det-t-key-0123456789abcdef";
    private const string Zone = "bl.example.org";

    private readonly TempDirectory dir = new();
    private readonly VirtualTime clock = new();
    private string reporters = Reporters(withB: true);
    private NodeHost node = null!;
    private FeedDatagrams feed = null!;

    private static string Reporters(bool withB) =>
        "actortrap.publish.udp-feed.reporters { "
        + $"det-a {{ key = \"{KeyA}\", max-new-per-minute = 100 }}, "
        + (withB ? $"det-b {{ key = \"{KeyB}\" }}, " : "")
        + $"det-t {{ key = \"{KeyT}\", trusted = on, max-new-per-minute = 50 }} }}";

    private LoadedConfig Load() => NodeConfig.Load(new ConfigSources(null, [
        $"actortrap.node.name=collector", $"actortrap.data-dir=\"{dir.Path}\"", "actortrap.admin.listen=\"127.0.0.1:0\"", "actortrap.smtp.listen=[\"127.0.0.1:0\"]",
        VirtualTime.SchedulerOverride, "actortrap.dnsbl.zones=[]",
        "actortrap.publish.udp-feed.listen=\"127.0.0.1:0\"", reporters, "actortrap.publish.udp-feed.window=2m",
        $"actortrap.publish.dns.listen=[\"127.0.0.1:0\"]", $"actortrap.publish.dns.zone=\"{Zone}\"",
    ]), _ => null);

    public async Task InitializeAsync()
    {
        var loaded = Load();
        Assert.True(loaded.Errors.Count == 0, string.Join("\n", loaded.Errors));
        node = await NodeHost.StartAsync(loaded.Settings!, NullLoggerFactory.Instance, CancellationToken.None, reload: new ReloadSource(loaded, Load));
        clock.Add(node.System);
        feed = new FeedDatagrams(node.Publishing.FeedCollector!.EndPoint, node.Publishing.FeedStats);
    }

    public async Task DisposeAsync()
    {
        feed.Dispose();
        await clock.StopAsync(node);
        dir.Dispose();
    }

    private FeedStats Stats => node.Publishing.FeedStats;

    /// <summary>A spambot's verdict: pregreet and no-quit, 3.5 of hard evidence, over the listing threshold of 3.</summary>
    private Verdict Spambot(string address) =>
        new(IPAddress.Parse(address), "detector", clock.GetUtcNow() - TimeSpan.FromSeconds(12), clock.GetUtcNow(), SessionMode.Observe, SessionOutcome.Observed,
            null, [new Sin(SinKind.Pregreet, 2), new Sin(SinKind.NoQuit, 1.5)], 3.5, null, null, [], false, 0, 0);

    private byte[] Line(string address, string keyId, string key) => FeedLine.Format(Spambot(address), keyId, Encoding.UTF8.GetBytes(key));

    private static string Routable(int i) => UdpFeedCollectorSpec.Routable(i);

    /// <summary>
    /// Moves virtual time on until every verdict the collector accepted is in the store (the writers batch on timers),
    /// then a little more for the listings to reach the node's blacklist copy. Bounded in real time.
    /// </summary>
    private async Task SettleAsync()
    {
        var counters = node.Reputation.Counters;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (counters.VerdictsAccepted < counters.VerdictsIn)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{counters.VerdictsIn - counters.VerdictsAccepted} verdicts not in the store after 30 s");
            await clock.AdvanceAsync(TimeSpan.FromMilliseconds(250));
        }

        await clock.AdvanceAsync(TimeSpan.FromSeconds(2));
    }

    private async Task<int> ListedAsync(IEnumerable<string> addresses)
    {
        var listed = 0;
        foreach (var address in addresses)
        {
            listed += (await node.Reputation.LookupAsync(IPAddress.Parse(address))).Listing is not null || node.Blacklist.TryGet(IPAddress.Parse(address), out _) ? 1 : 0;
        }

        return listed;
    }

    [Fact]
    public async Task Untrusted_key_flooding_ten_thousand_distinct_addresses_lists_nothing_and_the_cap_counts_the_excess()
    {
        var addresses = Enumerable.Range(0, 10_000).Select(Routable).ToList();

        await feed.SendAsync(addresses.Select(a => Line(a, "det-a", KeyA)));
        await SettleAsync();

        Assert.Equal((100L, 9_900L), (Stats.Reporter("det-a").Accepted, Stats.Reporter("det-a").Lines(FeedRejection.Capped)));
        Assert.Equal(100, node.Reputation.Counters.VerdictsIn);
        Assert.Empty(node.Blacklist.Snapshot());
        // Scored, reported by det-a alone, not listed.
        var first = await node.Reputation.LookupAsync(IPAddress.Parse(addresses[0]));
        Assert.Equal((3.5, (ActorTrap.Node.Reputation.Listing?)null), (Math.Round(first.Score, 1), first.Listing));
        Assert.Equal(["det-a"], first.Reporters);
        Assert.Equal(0, await ListedAsync(addresses.Take(200)));
    }

    [Fact]
    public async Task Trusted_key_flooding_lists_no_more_than_its_per_minute_cap()
    {
        var addresses = Enumerable.Range(0, 2_000).Select(Routable).ToList();

        await feed.SendAsync(addresses.Select(a => Line(a, "det-t", KeyT)));
        await SettleAsync();

        Assert.Equal((50L, 1_950L), (Stats.Reporter("det-t").Accepted, Stats.Reporter("det-t").Lines(FeedRejection.Capped)));
        await Publishing.Support.Eventually.TrueAsync(() => node.Blacklist.Snapshot().Count == 50, TimeSpan.FromSeconds(20), "the 50 listings on the node's copy");
        Assert.All(node.Blacklist.Snapshot(), l => Assert.Equal(["det-t"], l.Reporters));
    }

    [Fact]
    public async Task Two_honest_detectors_reporting_the_same_spambot_list_it_and_the_txt_answer_and_the_lookup_name_both()
    {
        const string spambot = "11.7.7.7";
        await feed.SendAsync(Line(spambot, "det-a", KeyA));
        await SettleAsync();
        Assert.False(node.Blacklist.TryGet(IPAddress.Parse(spambot), out _));

        await clock.AdvanceAsync(TimeSpan.FromSeconds(30));
        await feed.SendAsync(Line(spambot, "det-b", KeyB));
        await SettleAsync();

        await Publishing.Support.Eventually.TrueAsync(() => node.Blacklist.TryGet(IPAddress.Parse(spambot), out _), TimeSpan.FromSeconds(20), "the listing");
        node.Blacklist.TryGet(IPAddress.Parse(spambot), out var listing);
        Assert.Equal(["det-a", "det-b"], listing!.Reporters);

        var txt = await TxtAsync("7.7.7.11." + Zone);
        Assert.Contains("reported by det-a, det-b", txt, StringComparison.Ordinal);

        using var http = new HttpClient { BaseAddress = new Uri($"http://{node.AdminEndPoint}/") };
        using var lookup = JsonDocument.Parse(await http.GetStringAsync($"api/lookup/{spambot}"));
        Assert.Equal(["det-a", "det-b"], lookup.RootElement.GetProperty("reporters").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["det-a", "det-b"], lookup.RootElement.GetProperty("listing").GetProperty("reporters").EnumerateArray().Select(e => e.GetString()));

        using var figures = JsonDocument.Parse(await http.GetStringAsync("api/feed/reporters"));
        var rows = figures.RootElement.GetProperty("reporters").EnumerateArray().ToDictionary(r => r.GetProperty("reporter").GetString()!);
        Assert.Equal((1, 1), (rows["det-a"].GetProperty("accepted").GetInt32(), rows["det-a"].GetProperty("listings").GetInt32()));
        Assert.Equal((1, 1), (rows["det-b"].GetProperty("accepted").GetInt32(), rows["det-b"].GetProperty("listings").GetInt32()));
        Assert.False(rows.ContainsKey("unknown"));
        Assert.DoesNotContain(KeyA, figures.RootElement.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_detector_alone_does_not_list_and_a_second_report_after_the_window_does_not_combine_with_the_expired_one()
    {
        const string spambot = "11.8.8.8";
        await feed.SendAsync(Line(spambot, "det-a", KeyA));
        await SettleAsync();
        await clock.AdvanceAsync(TimeSpan.FromMinutes(1));
        await feed.SendAsync(Line(spambot, "det-a", KeyA));
        await SettleAsync();
        Assert.Null((await node.Reputation.LookupAsync(IPAddress.Parse(spambot))).Listing);

        // det-a's newest report is now older than the 2-minute window, so det-b's report stands alone.
        await clock.AdvanceAsync(TimeSpan.FromMinutes(2));
        await feed.SendAsync(Line(spambot, "det-b", KeyB));
        await SettleAsync();

        var lookup = await node.Reputation.LookupAsync(IPAddress.Parse(spambot));
        Assert.Null(lookup.Listing);
        Assert.Equal(["det-b"], lookup.Reporters);
        Assert.False(node.Blacklist.TryGet(IPAddress.Parse(spambot), out _));
    }

    [Fact]
    public async Task Reporter_removed_by_a_reload_is_rejected_and_counted_without_a_restart()
    {
        await feed.SendAsync(Line("11.9.9.1", "det-b", KeyB));
        Assert.Equal(1, Stats.Reporter("det-b").Accepted);

        reporters = Reporters(withB: false);
        var result = await node.ReloadAsync("spec", CancellationToken.None);
        Assert.True(result.Applied, string.Join("\n", result.Errors));

        await feed.SendAsync(Line("11.9.9.2", "det-b", KeyB), Line("11.9.9.3", "det-a", KeyA));
        Assert.Equal(1, Stats.Reporter("det-b").Accepted);
        Assert.Equal(1, Stats.Reporter(FeedStats.UnknownReporter).Lines(FeedRejection.UnknownReporter));
        Assert.Equal(1, Stats.Reporter("det-a").Accepted);
    }

    private async Task<string> TxtAsync(string name)
    {
        using var udp = new UdpClient(AddressFamily.InterNetwork);
        var server = node.Publishing.Dns!.UdpEndPoints[0];
        await udp.SendAsync(DnsQueries.Query(name, DnsType.TXT), server);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var response = await udp.ReceiveAsync(bound.Token);
        var answer = Assert.Single(DnsQueries.Parse(response.Buffer).Answers);
        return string.Join("", ((TxtRecord)answer.Data).Strings);
    }
}

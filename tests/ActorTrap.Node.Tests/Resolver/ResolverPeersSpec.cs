using ActorTrap.Node.Hosting.Actors;
using ActorTrap.Node.Tests.Support;
using Akka.Actor;
using Akka.TestKit;
using System.Diagnostics;
using System.Net;
using ActorTrap.Dns;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Resolver;
using ActorTrap.Node.Resolver.Transport;
using ActorTrap.TestPeers;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorTrap.Node.Tests.Resolver;

/// <summary>
/// The resolver actor with its real transport (DnsClient) against rbldnsd, directly and through unbound. The cache and
/// the lookup budget run on the test kit's manual clock; DnsClient's per-try timeouts on the real one (short and bounded).
/// </summary>
public sealed class ResolverPeersSpec(ResolverPeers peers) : IClassFixture<ResolverPeers>, IAsyncDisposable
{
    private static readonly IPAddress Spambot = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Clean = IPAddress.Parse("127.0.0.1");

    private readonly ActorSpecKit kit = new(defaultTimeout: TimeSpan.FromSeconds(10));
    private readonly List<IDisposable> owned = [];

    private static DnsblZoneOptions Bl(double weight = 1) => new("bl.test", weight, "127.0.0.[2..11]", true, true);

    private static DnsblZoneOptions Two(double weight = 1) => new("two.test", weight, "127.0.0.[2..11]", false, true);

    private (IActorRef Resolver, DnsTransport Client) Start(IPEndPoint[] servers, DnsblZoneOptions[]? zones = null, double threshold = 1,
        TimeSpan? timeout = null, int retries = 0, TimeSpan? budget = null, TimeSpan? selfTest = null)
    {
        var client = new DnsTransport(new DnsTransportOptions(servers, timeout ?? TimeSpan.FromSeconds(2), retries, 1000, 10_000), kit.Clock);
        owned.Add(client);
        var options = new ResolverOptions(new DnsblOptions(threshold, zones ?? [Bl()]), budget ?? TimeSpan.FromSeconds(6),
            selfTest ?? TimeSpan.Zero, TimeSpan.FromSeconds(60), TimeSpan.FromHours(1), 10_000);
        var resolver = kit.ActorOf(ActorProps.Of(() => new ResolverActor(client.QueryAsync, options, NullLogger.Instance)), "resolver");
        return (resolver, client);
    }

    private async Task<T> AskAsync<T>(IActorRef resolver, object message)
    {
        var probe = kit.CreateProbe();
        resolver.Tell(message, probe.Ref);
        return await probe.ExpectMsgAsync<T>();
    }

    private async Task<long> QueriesSentAsync(IActorRef resolver) => (await AskAsync<ResolverStats>(resolver, new GetResolverStats())).QueriesSent;

    [Fact]
    public async Task Listed_client_gets_the_code_and_the_txt_reason_through_unbound()
    {
        var (resolver, _) = Start([peers.Unbound.EndPoint]);
        var report = await AskAsync<DnsblReport>(resolver, new CheckClient(Spambot));
        var zone = Assert.Single(report.Zones);
        Assert.Equal(ZoneStatus.Listed, zone.Status);
        Assert.Equal([IPAddress.Parse("127.0.0.2")], zone.Codes);
        Assert.Equal("Listed, see http://bl.test/127.0.0.2", zone.Reason);
        Assert.True(report.Listed);
    }

    [Fact]
    public async Task Unlisted_client_is_not_listed()
    {
        var (resolver, _) = Start([peers.Unbound.EndPoint]);
        var report = await AskAsync<DnsblReport>(resolver, new CheckClient(Clean));
        Assert.Equal(ZoneStatus.NotListed, Assert.Single(report.Zones).Status);
        Assert.False(report.Listed);
    }

    [Fact]
    public async Task Ipv6_client_is_found_by_its_nibble_name_in_an_ip6trie_zone()
    {
        var (resolver, _) = Start([peers.Unbound.EndPoint]);
        var listed = Assert.Single((await AskAsync<DnsblReport>(resolver, new CheckClient(IPAddress.Parse("2001:db8::25")))).Zones);
        Assert.Equal((ZoneStatus.Listed, "IPv6 listed"), (listed.Status, listed.Reason));
        Assert.Equal([IPAddress.Parse("127.0.0.3")], listed.Codes);
        var clean = Assert.Single((await AskAsync<DnsblReport>(resolver, new CheckClient(IPAddress.Parse("2001:db8:1::25")))).Zones);
        Assert.Equal(ZoneStatus.NotListed, clean.Status);
    }

    [Fact]
    public async Task Weights_of_listing_zones_add_up_against_the_threshold()
    {
        var (resolver, _) = Start([peers.Unbound.EndPoint], [Bl(1), Two(2)], threshold: 3);
        var both = await AskAsync<DnsblReport>(resolver, new CheckClient(IPAddress.Parse("192.0.2.1")));
        Assert.Equal((3.0, true), (both.Score, both.Listed));
        var one = await AskAsync<DnsblReport>(resolver, new CheckClient(IPAddress.Parse("192.0.2.2")));
        Assert.Equal((1.0, false), (one.Score, one.Listed));
        Assert.Equal([ZoneStatus.Listed, ZoneStatus.NotListed], one.Zones.Select(z => z.Status));
    }

    [Fact]
    public async Task Answer_is_cached_for_its_ttl_on_the_manual_clock()
    {
        var (resolver, _) = Start([peers.Rbldnsd.EndPoint], [Two()]); // rbldnsd answers with TTL 120 s
        await AskAsync<DnsblReport>(resolver, new CheckClient(Spambot));
        Assert.Equal(1, await QueriesSentAsync(resolver));

        await kit.AdvanceAsync(TimeSpan.FromSeconds(110));
        Assert.True((await AskAsync<DnsblReport>(resolver, new CheckClient(Spambot))).Listed);
        Assert.Equal(1, await QueriesSentAsync(resolver));

        await kit.AdvanceAsync(TimeSpan.FromSeconds(15));
        Assert.True((await AskAsync<DnsblReport>(resolver, new CheckClient(Spambot))).Listed);
        Assert.Equal(2, await QueriesSentAsync(resolver));
    }

    [Fact]
    public async Task Nxdomain_is_cached_for_the_zones_soa_minimum()
    {
        var (resolver, _) = Start([peers.Rbldnsd.EndPoint]); // SOA minimum 300 s
        await AskAsync<DnsblReport>(resolver, new CheckClient(Clean));
        await kit.AdvanceAsync(TimeSpan.FromSeconds(290));
        Assert.False((await AskAsync<DnsblReport>(resolver, new CheckClient(Clean))).Listed);
        Assert.Equal(1, await QueriesSentAsync(resolver));

        await kit.AdvanceAsync(TimeSpan.FromSeconds(20));
        await AskAsync<DnsblReport>(resolver, new CheckClient(Clean));
        Assert.Equal(2, await QueriesSentAsync(resolver));
    }

    [Fact]
    public async Task Mx_set_too_big_for_udp_arrives_whole_over_tcp()
    {
        // 80 MX records do not fit the 1232 bytes advertised over UDP: all of them means DnsClient retried over TCP.
        var (resolver, _) = Start([peers.Unbound.EndPoint]);
        var report = await AskAsync<MxReport>(resolver, new CheckMx("big.example.test"));
        Assert.Null(report.Error);
        Assert.Equal(80, report.Hosts.Count);
        Assert.Equal(Enumerable.Range(1, 80).Select(i => (ushort)(i * 10)), report.Hosts.Select(h => h.Preference));
    }

    [Fact]
    public async Task Reverse_dns_is_forward_confirmed_only_when_the_name_points_back()
    {
        var (resolver, _) = Start([peers.Unbound.EndPoint]);
        var good = await AskAsync<PtrReport>(resolver, new CheckReverseDns(IPAddress.Parse("192.0.2.10")));
        Assert.Equal(["mail.example.test"], good.Names);
        Assert.True(good.ForwardConfirmed);
        var liar = await AskAsync<PtrReport>(resolver, new CheckReverseDns(IPAddress.Parse("192.0.2.11")));
        Assert.Equal(["liar.example.test"], liar.Names);
        Assert.False(liar.ForwardConfirmed);
        var none = await AskAsync<PtrReport>(resolver, new CheckReverseDns(IPAddress.Parse("192.0.2.12")));
        Assert.Empty(none.Names);
        Assert.Null(none.Error);
    }

    [Fact]
    public async Task Server_that_never_answers_makes_the_zone_unknown_within_the_timeout()
    {
        using var silent = new ScriptedDnsServer();
        var (resolver, _) = Start([silent.EndPoint], timeout: TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();
        var zone = Assert.Single((await AskAsync<DnsblReport>(resolver, new CheckClient(Spambot))).Zones);
        Assert.Equal(ZoneStatus.Error, zone.Status);
        Assert.Contains($"no answer from {silent.EndPoint}", zone.Error, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Silent_first_server_fails_over_to_unbound()
    {
        using var silent = new ScriptedDnsServer();
        var (resolver, _) = Start([silent.EndPoint, peers.Unbound.EndPoint], timeout: TimeSpan.FromSeconds(1));
        Assert.True((await AskAsync<DnsblReport>(resolver, new CheckClient(Spambot))).Listed);
        Assert.NotEmpty(silent.Queries);
    }

    [Fact]
    public async Task Slow_server_is_cut_off_by_the_lookup_budget()
    {
        using var silent = new ScriptedDnsServer();
        var (resolver, client) = Start([silent.EndPoint], timeout: TimeSpan.FromSeconds(20), budget: TimeSpan.FromSeconds(1));
        var probe = kit.CreateProbe();
        resolver.Tell(new CheckClient(Spambot), probe.Ref);
        await kit.WhenIdleAsync();
        Assert.Equal(1, client.Stats.InFlight);
        await kit.AdvanceAsync(TimeSpan.FromSeconds(1));
        var zone = Assert.Single((await probe.ExpectMsgAsync<DnsblReport>()).Zones);
        Assert.Contains("lookup budget", zone.Error, StringComparison.Ordinal);

        // DnsClient's 20 s try runs in real time; the budget on the manual clock ended the question and freed its slot.
        await WaitForAsync(() => Task.FromResult(client.Stats.InFlight == 0));
        Assert.Equal(1, client.Stats.Timeouts);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("question")]
    public async Task Forged_listing_with_a_wrong_id_or_question_is_not_believed(string forged)
    {
        // DnsClient takes the first datagram that reaches its socket: a forgery that arrives first ends the try.
        using var forger = new ScriptedDnsServer(async (r, s) =>
        {
            var q = r.Query;
            var listed = ScriptedDnsServer.A(q, "127.0.0.2");
            await s.SendAsync(forged == "id"
                ? ScriptedDnsServer.Answer(q, id: (ushort)(q.Id + 1), answers: listed)
                : ScriptedDnsServer.Answer(q, question: new DnsQuestion("9.9.9.9.bl.test", DnsType.A), answers: listed), r.From);
        });
        var (resolver, client) = Start([forger.EndPoint], timeout: TimeSpan.FromMilliseconds(300));
        var report = await AskAsync<DnsblReport>(resolver, new CheckClient(Clean));
        Assert.Equal(ZoneStatus.Error, Assert.Single(report.Zones).Status);
        Assert.False(report.Listed);
        Assert.Equal(1, client.Stats.Mismatched);
    }

    [Fact]
    public async Task Ten_thousand_concurrent_checks_of_one_ip_send_one_query_per_zone_and_record()
    {
        var (resolver, client) = Start([peers.Rbldnsd.EndPoint], [Bl(), Two()]);
        var probe = kit.CreateProbe();
        for (var i = 0; i < 10_000; i++)
        {
            resolver.Tell(new CheckClient(Spambot), probe.Ref);
        }

        var replies = await probe.ReceiveNAsync(10_000, TimeSpan.FromSeconds(30)).ToListAsync();
        Assert.All(replies, r => Assert.Equal(2.0, ((DnsblReport)r).Score));
        // bl.test: A and TXT (txt = true); two.test: A only.
        Assert.Equal(3, await QueriesSentAsync(resolver));
        Assert.Equal(3, client.Stats.Queries);
    }

    [Fact]
    public async Task Self_test_disables_a_zone_without_its_test_entry_and_re_enables_it_once_listed()
    {
        using var bl = await Rbldnsd.StartAsync(RbldnsdZone.Ip4Set("late.test", "192.0.2.99\n"));
        var zone = new DnsblZoneOptions("late.test", 1, "127.0.0.2", false, true);
        var (resolver, _) = Start([bl.EndPoint], [zone], selfTest: TimeSpan.FromMinutes(30));
        var first = await WaitForHealthAsync(resolver, h => h.LastChecked is not null);
        Assert.False(first.Enabled);
        Assert.Contains("127.0.0.2 is not listed", first.LastFailure, StringComparison.Ordinal);

        bl.WriteZoneFile("late.test.ip4set", "127.0.0.2\n192.0.2.99\n");
        bl.Reload();
        await WaitForAsync(async () => (await Dig.ShortAsync(bl.EndPoint, "2.0.0.127.late.test")).Count == 1);
        // The failed test is retried 10, 30 and 70 s after the first (issue 16); the first two find the negative answers
        // still cached (rbldnsd TTL 60 s), the third asks rbldnsd. Stop there: the question is on the wire in real time,
        // and advancing past its 6 s budget would cancel it.
        await kit.AdvanceAsync(TimeSpan.FromSeconds(70));
        Assert.True((await WaitForHealthAsync(resolver, h => h.Enabled)).Enabled);
    }

    private async Task<ZoneHealth> WaitForHealthAsync(IActorRef resolver, Func<ZoneHealth, bool> condition)
    {
        ZoneHealth? health = null;
        await WaitForAsync(async () => condition(health = Assert.Single(await AskAsync<List<ZoneHealth>>(resolver, new GetZoneHealth()))));
        return health!;
    }

    // Real-time polling for what crosses a process boundary (an rbldnsd reload, answers on the wire); bounded.
    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 10 s");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await kit.DisposeAsync();
        owned.ForEach(d => d.Dispose());
    }
}

using ActorTrap.Node.Hosting.Actors;
using ActorTrap.Node.Tests.Support;
using ActorTrap.TestPeers;
using Akka.Actor;
using Akka.TestKit;
using System.Net;
using ActorTrap.Dns;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Resolver;
using ActorTrap.Node.Resolver.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorTrap.Node.Tests.Resolver;

public sealed class ResolverActorSpec : IAsyncDisposable
{
    private static readonly IPAddress Spambot = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Clean = IPAddress.Parse("192.0.2.10");

    private readonly ActorSpecKit kit = new();
    private readonly ScriptedDns dns = new();

    private static DnsblZoneOptions Zone(string name, double weight = 1, bool txt = false) => new(name, weight, "127.0.0.[2..11]", txt, true);

    private readonly LogCapture logs = new();
    private readonly DnsblHealth health = new();

    private IActorRef Resolver(double threshold = 1, TimeSpan? selfTest = null, params DnsblZoneOptions[] zones)
    {
        var options = new ResolverOptions(new DnsblOptions(threshold, zones.Length > 0 ? zones : [Zone("bl.test")]),
            LookupBudget: TimeSpan.FromSeconds(6), SelfTestInterval: selfTest ?? TimeSpan.Zero,
            CacheMinTtl: TimeSpan.FromSeconds(60), CacheMaxTtl: TimeSpan.FromHours(1), CacheMaxEntries: 10_000);
        var logger = logs.CreateLogger("ActorTrap.Resolver");
        return kit.ActorOf(ActorProps.Of(() => new ResolverActor(dns.QueryAsync, options, logger, null, health)), "resolver");
    }

    private async Task<DnsblReport> CheckAsync(IActorRef resolver, IPAddress client)
    {
        var probe = kit.CreateProbe();
        resolver.Tell(new CheckClient(client), probe.Ref);
        return await probe.ExpectMsgAsync<DnsblReport>();
    }

    [Fact]
    public async Task Listed_client_gets_the_code_the_txt_reason_and_the_weight()
    {
        dns.A("2.0.0.127.bl.test", "127.0.0.2");
        dns.Record("2.0.0.127.bl.test", DnsType.TXT, new TxtRecord(["listed: ", "see http://bl.test/127.0.0.2"]));
        var report = await CheckAsync(Resolver(zones: Zone("bl.test", 2, txt: true)), Spambot);
        var zone = Assert.Single(report.Zones);
        Assert.Equal(ZoneStatus.Listed, zone.Status);
        Assert.Equal([IPAddress.Parse("127.0.0.2")], zone.Codes);
        Assert.Equal("listed: see http://bl.test/127.0.0.2", zone.Reason);
        Assert.Equal((2.0, true), (report.Score, report.Listed));
    }

    [Fact]
    public async Task Nxdomain_means_not_listed()
    {
        var report = await CheckAsync(Resolver(), Clean);
        Assert.Equal(ZoneStatus.NotListed, Assert.Single(report.Zones).Status);
        Assert.False(report.Listed);
    }

    [Theory]
    [InlineData("127.255.255.254", "error code")]
    [InlineData("10.9.8.7", "outside 127.0.0.0/8")]
    public async Task Error_answers_are_errors_not_listings(string answer, string reason)
    {
        dns.A("2.0.0.127.bl.test", answer);
        var report = await CheckAsync(Resolver(), Spambot);
        var zone = Assert.Single(report.Zones);
        Assert.Equal(ZoneStatus.Error, zone.Status);
        Assert.Contains(reason, zone.Error, StringComparison.Ordinal);
        Assert.False(report.Listed);
    }

    [Fact]
    public async Task Code_outside_the_filter_is_not_a_listing()
    {
        dns.A("2.0.0.127.bl.test", "127.0.0.99");
        Assert.Equal(ZoneStatus.NotListed, Assert.Single((await CheckAsync(Resolver(), Spambot)).Zones).Status);
    }

    [Fact]
    public async Task Weights_add_up_against_the_threshold()
    {
        dns.A("2.0.0.127.a.test", "127.0.0.2");
        var resolver = Resolver(3, null, Zone("a.test", 1), Zone("b.test", 2));
        var once = await CheckAsync(resolver, Spambot);
        Assert.Equal((1.0, false), (once.Score, once.Listed));

        dns.A("9.0.0.127.a.test", "127.0.0.2");
        dns.A("9.0.0.127.b.test", "127.0.0.3");
        var both = await CheckAsync(resolver, IPAddress.Parse("127.0.0.9"));
        Assert.Equal((3.0, true), (both.Score, both.Listed));
    }

    [Fact]
    public async Task Ten_thousand_concurrent_checks_of_one_ip_cost_one_query_per_zone()
    {
        dns.A("2.0.0.127.a.test", "127.0.0.2");
        dns.Hold();
        var resolver = Resolver(1, null, Zone("a.test"), Zone("b.test"));
        var probe = kit.CreateProbe();
        for (var i = 0; i < 10_000; i++)
        {
            resolver.Tell(new CheckClient(Spambot), probe.Ref);
        }

        await kit.WhenIdleAsync();
        dns.Release();
        var replies = await probe.ReceiveNAsync(10_000, TimeSpan.FromSeconds(30)).ToListAsync();
        Assert.All(replies, r => Assert.True(((DnsblReport)r).Listed));
        Assert.Equal(1, dns.QueriesFor("2.0.0.127.a.test", DnsType.A));
        Assert.Equal(1, dns.QueriesFor("2.0.0.127.b.test", DnsType.A));
    }

    [Fact]
    public async Task Positive_answers_are_cached_for_their_ttl_clamped_to_the_minimum()
    {
        dns.A("2.0.0.127.bl.test", "127.0.0.2");
        dns.Answer("2.0.0.127.bl.test", DnsType.A, q => ScriptedDns.Response(q, new DnsRecord(q.Name, DnsType.A, 5, new ARecord(IPAddress.Parse("127.0.0.2")))));
        var resolver = Resolver();
        await CheckAsync(resolver, Spambot);
        await kit.AdvanceAsync(TimeSpan.FromSeconds(59));
        await CheckAsync(resolver, Spambot);
        Assert.Equal(1, dns.Queries); // a 5 s TTL is held for the 60 s minimum
        await kit.AdvanceAsync(TimeSpan.FromSeconds(1));
        await CheckAsync(resolver, Spambot);
        Assert.Equal(2, dns.Queries);
    }

    [Fact]
    public async Task Nxdomain_is_cached_for_the_soa_minimum()
    {
        dns.NegativeTtl = 120;
        var resolver = Resolver();
        await CheckAsync(resolver, Clean);
        await kit.AdvanceAsync(TimeSpan.FromSeconds(119));
        await CheckAsync(resolver, Clean);
        Assert.Equal(1, dns.Queries);
        await kit.AdvanceAsync(TimeSpan.FromSeconds(1));
        await CheckAsync(resolver, Clean);
        Assert.Equal(2, dns.Queries);
    }

    [Fact]
    public async Task Failures_are_not_cached()
    {
        dns.Answer("2.0.0.127.bl.test", DnsType.A, _ => DnsLookupOutcome.Failed("timeout"));
        var resolver = Resolver();
        Assert.Equal("timeout", Assert.Single((await CheckAsync(resolver, Spambot)).Zones).Error);
        await CheckAsync(resolver, Spambot);
        Assert.Equal(2, dns.Queries);
    }

    [Fact]
    public async Task Dead_server_yields_errors_at_the_lookup_budget_and_the_resolver_keeps_serving()
    {
        dns.Hold(); // never released: the server is dead
        var resolver = Resolver();
        var probe = kit.CreateProbe();
        resolver.Tell(new CheckClient(Spambot), probe.Ref);
        await kit.WhenIdleAsync();
        await kit.AdvanceAsync(TimeSpan.FromSeconds(5.8));
        await kit.AdvanceAsync(TimeSpan.FromMilliseconds(100)); // 5.9 s: still within the budget
        Assert.False(probe.HasMessages);
        await kit.AdvanceAsync(TimeSpan.FromSeconds(0.1));
        var report = await probe.ExpectMsgAsync<DnsblReport>();
        Assert.Contains("lookup budget", Assert.Single(report.Zones).Error, StringComparison.Ordinal);
        Assert.False(report.Listed);

        resolver.Tell(new GetZoneHealth(), probe.Ref);
        await probe.ExpectMsgAsync<List<ZoneHealth>>();
    }

    [Fact]
    public async Task Transport_exception_becomes_a_zone_error()
    {
        dns.Answer("2.0.0.127.bl.test", DnsType.A, _ => throw new InvalidOperationException("socket exploded"));
        var zone = Assert.Single((await CheckAsync(Resolver(), Spambot)).Zones);
        Assert.Equal(ZoneStatus.Error, zone.Status);
        Assert.Contains("socket exploded", zone.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Zone_listing_everything_is_disabled_by_the_self_test_and_re_enabled_when_it_recovers()
    {
        dns.A("2.0.0.127.bl.test", "127.0.0.2");
        dns.A("1.0.0.127.bl.test", "127.0.0.2"); // lists 127.0.0.1: broken
        var resolver = Resolver(selfTest: TimeSpan.FromMinutes(30));
        await kit.WhenIdleAsync();
        var probe = kit.CreateProbe();
        resolver.Tell(new GetZoneHealth(), probe.Ref);
        var health = Assert.Single(await probe.ExpectMsgAsync<List<ZoneHealth>>());
        Assert.False(health.Enabled);
        Assert.Contains("127.0.0.1 is listed", health.LastFailure, StringComparison.Ordinal);

        var report = await CheckAsync(resolver, IPAddress.Parse("127.0.0.9"));
        Assert.Equal(ZoneStatus.Disabled, Assert.Single(report.Zones).Status);
        Assert.Equal(0, dns.QueriesFor("9.0.0.127.bl.test", DnsType.A));

        dns.Answer("1.0.0.127.bl.test", DnsType.A, q => DnsLookupOutcome.Of(new DnsMessage(1, DnsHeaderFlags.Response, DnsRcode.NxDomain, [q], [], [], [], null)));
        await kit.AdvanceAsync(TimeSpan.FromMinutes(30)); // cached answers expire (max 1 h is not reached: 600 s TTL) and the test reruns
        resolver.Tell(new GetZoneHealth(), probe.Ref);
        Assert.True(Assert.Single(await probe.ExpectMsgAsync<List<ZoneHealth>>()).Enabled);
    }

    [Fact]
    public async Task Issue16_failed_self_test_is_retried_after_10s_doubling_to_5m_and_not_after_it_passes()
    {
        // Nothing answers yet (no resolver on 127.0.0.1:53): failures are not cached, so every run asks again.
        dns.Answer("2.0.0.127.bl.test", DnsType.A, _ => DnsLookupOutcome.Failed("127.0.0.1:53: connection refused"));
        dns.Answer("1.0.0.127.bl.test", DnsType.A, _ => DnsLookupOutcome.Failed("127.0.0.1:53: connection refused"));
        Resolver(selfTest: TimeSpan.FromMinutes(30));
        await kit.WhenIdleAsync();
        Assert.Equal(1, dns.QueriesFor("2.0.0.127.bl.test", DnsType.A));
        Assert.True(health.Degraded);

        // Runs at 10 s, then 20, 40, 80, 160 s after each failure, then every 300 s (the cap).
        var expected = 1;
        foreach (var wait in new[] { 10, 20, 40, 80, 160, 300, 300 })
        {
            await kit.AdvanceAsync(TimeSpan.FromSeconds(wait - 1));
            Assert.Equal(expected, dns.QueriesFor("2.0.0.127.bl.test", DnsType.A));
            await kit.AdvanceAsync(TimeSpan.FromSeconds(1));
            Assert.Equal(++expected, dns.QueriesFor("2.0.0.127.bl.test", DnsType.A));
        }

        var failing = Assert.Single(health.Zones);
        Assert.False(failing.Enabled);
        Assert.Equal(kit.Clock.GetUtcNow() + TimeSpan.FromMinutes(5), failing.NextRetry);
        Assert.Contains("127.0.0.1:53: connection refused", DnsblHealth.Describe(health.Zones), StringComparison.Ordinal);

        // The resolver comes up: the next retry passes, and nothing runs again before the self-test interval.
        dns.A("2.0.0.127.bl.test", "127.0.0.2");
        dns.Answer("1.0.0.127.bl.test", DnsType.A, q => DnsLookupOutcome.Of(new DnsMessage(1, DnsHeaderFlags.Response, DnsRcode.NxDomain, [q], [], [], [], null)));
        await kit.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.False(health.Degraded);
        Assert.Null(Assert.Single(health.Zones).NextRetry);
        var afterPass = dns.QueriesFor("2.0.0.127.bl.test", DnsType.A);
        await kit.AdvanceAsync(TimeSpan.FromMinutes(29));
        Assert.Equal(afterPass, dns.QueriesFor("2.0.0.127.bl.test", DnsType.A));

        // One line per change of state, not one per retry.
        Assert.Single(logs.Messages(2001));
        Assert.Contains("the node stays ready", Assert.Single(logs.Messages(2005)), StringComparison.Ordinal);
        Assert.Single(logs.Messages(2002));
        Assert.Contains("1 zone passes its self-test", Assert.Single(logs.Messages(2006)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue16_failing_again_after_a_pass_starts_the_back_off_from_10s()
    {
        dns.A("2.0.0.127.bl.test", "127.0.0.2");
        Resolver(selfTest: TimeSpan.FromMinutes(30));
        await kit.WhenIdleAsync();
        Assert.False(health.Degraded);

        dns.Answer("2.0.0.127.bl.test", DnsType.A, _ => DnsLookupOutcome.Failed("no answer from 127.0.0.1:53 within 2000 ms"));
        await kit.AdvanceAsync(TimeSpan.FromMinutes(30)); // the cached answer expired; the periodic test fails
        Assert.True(health.Degraded);
        var runs = dns.QueriesFor("2.0.0.127.bl.test", DnsType.A);
        await kit.AdvanceAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(runs + 1, dns.QueriesFor("2.0.0.127.bl.test", DnsType.A));
    }

    [Fact]
    public async Task Repeated_check_is_answered_from_the_report_cache_until_the_first_answer_expires()
    {
        dns.Record("9.0.0.127.a.test", DnsType.A, new ARecord(IPAddress.Parse("127.0.0.2")), ttl: 300);
        dns.Record("9.0.0.127.b.test", DnsType.A, new ARecord(IPAddress.Parse("127.0.0.2")), ttl: 900);
        var resolver = Resolver(1, null, Zone("a.test"), Zone("b.test"));
        var client = IPAddress.Parse("127.0.0.9");
        var first = await CheckAsync(resolver, client);
        await kit.AdvanceAsync(TimeSpan.FromSeconds(299));
        Assert.Same(first, await CheckAsync(resolver, client));
        await kit.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.NotSame(first, await CheckAsync(resolver, client));
        Assert.Equal((2, 1), (dns.QueriesFor("9.0.0.127.a.test", DnsType.A), dns.QueriesFor("9.0.0.127.b.test", DnsType.A)));
    }

    [Fact]
    public async Task Kept_report_replaces_the_answers_that_expire_with_it_and_keeps_the_one_that_outlives_it()
    {
        dns.Record("9.0.0.127.a.test", DnsType.A, new ARecord(IPAddress.Parse("127.0.0.2")), ttl: 300);
        dns.Record("9.0.0.127.a.test", DnsType.TXT, new TxtRecord(["listed"]), ttl: 300);
        dns.Record("9.0.0.127.b.test", DnsType.A, new ARecord(IPAddress.Parse("127.0.0.2")), ttl: 900);
        var resolver = Resolver(1, null, Zone("a.test", txt: true), Zone("b.test"));
        var client = IPAddress.Parse("127.0.0.9");
        Assert.Equal("listed", (await CheckAsync(resolver, client)).Zones[0].Reason);

        // a.test's A and TXT answers went into the report; only b.test's, which lives longer, is still cached.
        Assert.Equal(1, (await resolver.Ask<ResolverStats>(new GetResolverStats(), TimeSpan.FromSeconds(5))).CacheEntries);
        await kit.AdvanceAsync(TimeSpan.FromSeconds(300));
        await CheckAsync(resolver, client);
        Assert.Equal((2, 2, 1), (dns.QueriesFor("9.0.0.127.a.test", DnsType.A), dns.QueriesFor("9.0.0.127.a.test", DnsType.TXT),
            dns.QueriesFor("9.0.0.127.b.test", DnsType.A)));
    }

    [Fact]
    public async Task Cached_report_is_dropped_when_its_zone_is_disabled_by_the_self_test()
    {
        dns.A("2.0.0.127.bl.test", "127.0.0.2");
        dns.Record("9.0.0.127.bl.test", DnsType.A, new ARecord(IPAddress.Parse("127.0.0.2")), ttl: 3600);
        var resolver = Resolver(selfTest: TimeSpan.FromMinutes(30));
        var client = IPAddress.Parse("127.0.0.9");
        Assert.True((await CheckAsync(resolver, client)).Listed);

        dns.A("1.0.0.127.bl.test", "127.0.0.2"); // the zone starts listing everything
        await kit.AdvanceAsync(TimeSpan.FromMinutes(30));

        Assert.Equal(ZoneStatus.Disabled, Assert.Single((await CheckAsync(resolver, client)).Zones).Status);
    }

    [Fact]
    public async Task Zone_not_listing_its_test_entry_is_disabled()
    {
        var resolver = Resolver(selfTest: TimeSpan.FromMinutes(30));
        await kit.WhenIdleAsync();
        var probe = kit.CreateProbe();
        resolver.Tell(new GetZoneHealth(), probe.Ref);
        Assert.Contains("127.0.0.2 is not listed", Assert.Single(await probe.ExpectMsgAsync<List<ZoneHealth>>()).LastFailure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reverse_dns_is_forward_confirmed_only_when_the_name_points_back()
    {
        var client = IPAddress.Parse("192.0.2.25");
        dns.Record("25.2.0.192.in-addr.arpa", DnsType.PTR, new PtrRecord("mail.example.net"));
        dns.A("mail.example.net", "192.0.2.25");
        dns.Record("26.2.0.192.in-addr.arpa", DnsType.PTR, new PtrRecord("liar.example.net"));
        dns.A("liar.example.net", "198.51.100.1");
        var resolver = Resolver();
        var probe = kit.CreateProbe();

        resolver.Tell(new CheckReverseDns(client), probe.Ref);
        var good = await probe.ExpectMsgAsync<PtrReport>();
        Assert.Equal(["mail.example.net"], good.Names);
        Assert.True(good.ForwardConfirmed);

        resolver.Tell(new CheckReverseDns(IPAddress.Parse("192.0.2.26")), probe.Ref);
        var bad = await probe.ExpectMsgAsync<PtrReport>();
        Assert.Equal(["liar.example.net"], bad.Names);
        Assert.False(bad.ForwardConfirmed);

        resolver.Tell(new CheckReverseDns(IPAddress.Parse("192.0.2.27")), probe.Ref);
        var none = await probe.ExpectMsgAsync<PtrReport>();
        Assert.Empty(none.Names);
        Assert.Null(none.Error);
    }

    [Fact]
    public async Task Mx_hosts_come_back_ordered_by_preference()
    {
        dns.Answer("example.org", DnsType.MX, q => ScriptedDns.Response(q,
            new DnsRecord(q.Name, DnsType.MX, 300, new MxRecord(20, "backup.example.org")),
            new DnsRecord(q.Name, DnsType.MX, 300, new MxRecord(10, "mx.example.org"))));
        var probe = kit.CreateProbe();
        Resolver().Tell(new CheckMx("example.org"), probe.Ref);
        var report = await probe.ExpectMsgAsync<MxReport>();
        Assert.Equal([new MxHost(10, "mx.example.org"), new MxHost(20, "backup.example.org")], report.Hosts);
    }

    public async ValueTask DisposeAsync() => await kit.DisposeAsync();
}

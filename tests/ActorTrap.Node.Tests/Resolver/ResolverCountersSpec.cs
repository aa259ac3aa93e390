using ActorTrap.Node.Hosting.Actors;
using ActorTrap.Node.Tests.Support;
using ActorTrap.TestPeers;
using Akka.Actor;
using Akka.TestKit;
using System.Net;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Resolver;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorTrap.Node.Tests.Resolver;

/// <summary>The per-zone counters behind <c>/api/dns/stats</c> and the <c>actortrap_dns_zone_*</c> metrics (issue 9).</summary>
public sealed class ResolverCountersSpec : IAsyncDisposable
{
    private static readonly IPAddress Spambot = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Clean = IPAddress.Parse("192.0.2.10");

    private readonly ActorSpecKit kit = new();
    private readonly ScriptedDns dns = new();
    private ResolverCounters counters = null!;

    private IActorRef Resolver(TimeSpan? selfTest = null, params string[] zones)
    {
        var dnsbl = new DnsblOptions(1, [.. zones.Select(z => new DnsblZoneOptions(z, 1, "127.0.0.[2..11]", false, true))]);
        var options = new ResolverOptions(dnsbl, LookupBudget: TimeSpan.FromSeconds(6), SelfTestInterval: selfTest ?? TimeSpan.Zero,
            CacheMinTtl: TimeSpan.FromSeconds(60), CacheMaxTtl: TimeSpan.FromHours(1), CacheMaxEntries: 10_000);
        counters = new ResolverCounters(dnsbl);
        return kit.ActorOf(ActorProps.Of(() => new ResolverActor(dns.QueryAsync, options, NullLogger.Instance, counters)), "resolver");
    }

    private async Task CheckAsync(IActorRef resolver, IPAddress client)
    {
        var probe = kit.CreateProbe();
        resolver.Tell(new CheckClient(client), probe.Ref);
        await probe.ExpectMsgAsync<DnsblReport>();
    }

    private (long Checks, long Listed, long Errors, long CacheHits, long Skipped) Of(string zone)
    {
        var c = counters.For(zone)!;
        return (c.Checks, c.Listed, c.Errors, c.CacheHits, c.Skipped);
    }

    [Fact]
    public async Task Each_check_counts_per_zone_with_its_outcome_and_whether_the_cache_answered()
    {
        dns.A("2.0.0.127.a.test", "127.0.0.2");
        dns.A("2.0.0.127.b.test", "127.255.255.254"); // an error code (RFC 5782): cached like any answer, counted as an error
        var resolver = Resolver(null, "a.test", "b.test");

        await CheckAsync(resolver, Spambot);
        await CheckAsync(resolver, Spambot); // an error in the report keeps it out of the report cache: each zone's answer is cached
        await CheckAsync(resolver, Clean);

        Assert.Equal((3, 2, 0, 1, 0), Of("a.test"));
        Assert.Equal((3, 0, 2, 1, 0), Of("b.test"));
    }

    [Fact]
    public async Task A_whole_report_from_the_cache_is_a_cache_hit_in_every_zone()
    {
        dns.A("2.0.0.127.a.test", "127.0.0.2");
        var resolver = Resolver(null, "a.test", "b.test");

        await CheckAsync(resolver, Spambot);
        await CheckAsync(resolver, Spambot);

        Assert.Equal((2, 2, 0, 1, 0), Of("a.test"));
        Assert.Equal((2, 0, 0, 1, 0), Of("b.test"));
        Assert.Equal(2, dns.Queries);
    }

    [Fact]
    public async Task Zone_without_an_answer_within_the_lookup_budget_counts_an_error()
    {
        dns.Hold();
        var resolver = Resolver(null, "a.test");
        var probe = kit.CreateProbe();
        resolver.Tell(new CheckClient(Spambot), probe.Ref);
        await kit.WhenIdleAsync();
        await kit.AdvanceAsync(TimeSpan.FromSeconds(6));
        await probe.ExpectMsgAsync<DnsblReport>();

        Assert.Equal((1, 0, 1, 0, 0), Of("a.test"));
    }

    [Fact]
    public async Task Zone_disabled_by_its_self_test_is_counted_as_skipped_not_as_checked()
    {
        var resolver = Resolver(TimeSpan.FromMinutes(30), "a.test"); // 127.0.0.2 not listed: the self-test fails
        await kit.WhenIdleAsync();

        await CheckAsync(resolver, Spambot);

        Assert.Equal((0, 0, 0, 0, 1), Of("a.test"));
    }

    [Fact]
    public async Task Counters_live_outside_the_actor_so_a_new_incarnation_continues_them()
    {
        dns.A("2.0.0.127.a.test", "127.0.0.2");
        var resolver = Resolver(null, "a.test");
        await CheckAsync(resolver, Spambot);
        var restarted = kit.ActorOf(ActorProps.Of(() => new ResolverActor(dns.QueryAsync,
            new ResolverOptions(new DnsblOptions(1, [new DnsblZoneOptions("a.test", 1, "127.0.0.[2..11]", false, true)]), TimeSpan.FromSeconds(6),
                TimeSpan.Zero, TimeSpan.FromSeconds(60), TimeSpan.FromHours(1), 10_000), NullLogger.Instance, counters)), "resolver-2");

        await CheckAsync(restarted, Spambot);

        Assert.Equal((2, 2, 0, 0, 0), Of("a.test"));
    }

    public async ValueTask DisposeAsync() => await kit.DisposeAsync();
}

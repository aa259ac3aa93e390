using ActorTrap.Node.Configuration;
using ActorTrap.Node.Resolver;

namespace ActorTrap.Node.Tests.Configuration;

/// <summary>The resolver's keys under actortrap.dns and actortrap.dnsbl: documented defaults, bounds, and what reaches the resolver.</summary>
public sealed class DnsSettingsSpec
{
    private static LoadedConfig Load(params string[] overrides) => NodeConfig.Load(new ConfigSources(null, overrides), _ => null);

    [Fact]
    public void Reference_gives_the_documented_resolver_defaults()
    {
        var s = Load().Settings!;
        Assert.Equal(TimeSpan.FromSeconds(6), s.Dns.LookupBudget);
        Assert.Equal((TimeSpan.FromSeconds(60), TimeSpan.FromHours(1), 50_000), (s.Dns.CacheMinTtl, s.Dns.CacheMaxTtl, s.Dns.CacheMaxEntries));
        Assert.Equal((256, 10_000), (s.Dns.MaxInFlight, s.Dns.MaxQueued));
        Assert.Equal(TimeSpan.FromMinutes(30), s.Dnsbl.SelfTestInterval);
    }

    [Fact]
    public void Overrides_reach_the_resolver_options()
    {
        var s = Load("actortrap.dns.lookup-budget=2s", "actortrap.dns.cache.min-ttl=0", "actortrap.dns.cache.max-ttl=5m",
            "actortrap.dns.cache.max-entries=1000", "actortrap.dnsbl.self-test-interval=0", "actortrap.dns.max-in-flight=8", "actortrap.dns.max-queued=0").Settings!;
        var options = ResolverSetup.Options(s);
        Assert.Equal(TimeSpan.FromSeconds(2), options.LookupBudget);
        Assert.Equal((TimeSpan.Zero, TimeSpan.FromMinutes(5), 1000), (options.CacheMinTtl, options.CacheMaxTtl, options.CacheMaxEntries));
        Assert.Equal(TimeSpan.Zero, options.SelfTestInterval);
        Assert.Equal((8, 0), (s.Dns.MaxInFlight, s.Dns.MaxQueued));
    }

    [Fact]
    public void Issue16_self_test_back_off_and_degraded_readiness_default_and_reach_the_resolver()
    {
        var defaults = Load().Settings!;
        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5), false),
            (defaults.Dnsbl.SelfTestRetryMin, defaults.Dnsbl.SelfTestRetryMax, defaults.Dnsbl.DegradedIsNotReady));
        var s = Load("actortrap.dnsbl.self-test-retry-min=2s", "actortrap.dnsbl.self-test-retry-max=1m", "actortrap.dnsbl.degraded-is-not-ready=on").Settings!;
        var options = ResolverSetup.Options(s);
        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1)), (options.SelfTestRetryMin, options.SelfTestRetryMax));
        Assert.True(s.Dnsbl.DegradedIsNotReady);
    }

    [Theory]
    [InlineData("actortrap.dns.lookup-budget=10ms", "actortrap.dns.lookup-budget: must be between 100ms and")]
    [InlineData("actortrap.dns.cache.max-ttl=0", "actortrap.dns.cache.max-ttl: must be between 1s and")]
    [InlineData("actortrap.dns.cache.min-ttl=2h", "must not be below actortrap.dns.cache.min-ttl")]
    [InlineData("actortrap.dns.cache.max-entries=10", "actortrap.dns.cache.max-entries: must be between 100 and")]
    [InlineData("actortrap.dns.max-in-flight=20000", "actortrap.dns.max-in-flight: must be between 1 and 10000")]
    [InlineData("actortrap.dns.max-queued=-1", "actortrap.dns.max-queued: must be between 0 and")]
    [InlineData("actortrap.dnsbl.self-test-interval=5s", "0 (off) or at least 10s")]
    [InlineData("actortrap.dns.cache.ttl=5m", "actortrap.dns.cache.ttl")]
    [InlineData("actortrap.dnsbl.self-test-retry-min=500ms", "actortrap.dnsbl.self-test-retry-min: must be between 1s and")]
    [InlineData("actortrap.dnsbl.self-test-retry-max=5s", "must not be below actortrap.dnsbl.self-test-retry-min")]
    public void Bad_resolver_values_are_rejected_naming_the_key(string assignment, string expected)
    {
        var loaded = Load(assignment);
        Assert.Null(loaded.Settings);
        Assert.Contains(loaded.Errors, e => e.ToString().Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("actortrap.dns.cache.max-ttl=1000d", "actortrap.dns.cache.max-ttl: must be between 1s and 7d, got 1000d")]
    [InlineData("actortrap.dns.cache.max-ttl=\"8 days\"", "actortrap.dns.cache.max-ttl: must be between 1s and 7d, got 8 days")]
    [InlineData("actortrap.dns.lookup-budget=50", "actortrap.dns.lookup-budget: must be between 100ms and 1m, got 50ms")]
    public void Issue16_an_out_of_range_duration_is_reported_as_typed_against_bounds_in_whole_units(string assignment, string expected)
    {
        var loaded = Load(assignment);
        Assert.Contains(loaded.Errors, e => e.ToString().EndsWith(expected, StringComparison.Ordinal));
    }
}

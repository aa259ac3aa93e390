using ActorTrap.Node.Tests.Support;
using ActorTrap.TestPeers;
using Akka.TestKit;
using ActorTrap.Node.Resolver;

namespace ActorTrap.Node.Tests.Resolver;

public sealed class TtlCacheSpec
{
    private readonly ManualTimeProvider clock = new();

    private TtlCache<string, int> Cache(int capacity = 10) =>
        new(capacity, TimeSpan.FromSeconds(60), TimeSpan.FromHours(1), clock);

    [Fact]
    public void Entry_is_served_until_its_ttl_then_expires()
    {
        var cache = Cache();
        cache.Set("a", 1, TimeSpan.FromMinutes(5));
        clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));
        Assert.True(cache.TryGet("a", out var v));
        Assert.Equal(1, v);
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.False(cache.TryGet("a", out _));
        Assert.Equal(0, cache.Count);
    }

    [Theory]
    [InlineData(0, 60)]
    [InlineData(5, 60)]
    [InlineData(600, 600)]
    [InlineData(86_400, 3_600)]
    public void Ttl_is_clamped_to_the_configured_bounds(int ttlSeconds, int appliedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(appliedSeconds), Cache().Set("a", 1, TimeSpan.FromSeconds(ttlSeconds)));
    }

    [Fact]
    public void Full_cache_evicts_the_least_recently_used_entry()
    {
        var cache = Cache(capacity: 2);
        cache.Set("a", 1, TimeSpan.FromMinutes(5));
        cache.Set("b", 2, TimeSpan.FromMinutes(5));
        Assert.True(cache.TryGet("a", out _)); // a is now the most recently used
        cache.Set("c", 3, TimeSpan.FromMinutes(5));
        Assert.True(cache.TryGet("a", out _));
        Assert.False(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("c", out _));
        Assert.Equal(1, cache.Evictions);
    }

    [Fact]
    public void Setting_an_existing_key_replaces_value_and_expiry_without_growing()
    {
        var cache = Cache(capacity: 2);
        cache.Set("a", 1, TimeSpan.FromMinutes(1));
        cache.Set("a", 2, TimeSpan.FromMinutes(10));
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True(cache.TryGet("a", out var v));
        Assert.Equal(2, v);
        Assert.Equal(1, cache.Count);
        Assert.Equal(0, cache.Evictions);
    }

    [Fact]
    public void Size_never_exceeds_capacity_under_many_distinct_keys()
    {
        var cache = Cache(capacity: 100);
        for (var i = 0; i < 10_000; i++)
        {
            cache.Set("k" + i, i, TimeSpan.FromMinutes(5));
            Assert.True(cache.Count <= 100);
        }

        Assert.Equal(9_900, cache.Evictions);
    }

    [Fact]
    public void Hits_and_misses_are_counted()
    {
        var cache = Cache();
        cache.Set("a", 1, TimeSpan.FromMinutes(5));
        cache.TryGet("a", out _);
        cache.TryGet("b", out _);
        Assert.Equal((1L, 1L), (cache.Hits, cache.Misses));
    }
}

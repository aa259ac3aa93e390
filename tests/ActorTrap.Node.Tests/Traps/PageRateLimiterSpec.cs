using System.Net;
using ActorTrap.Node.Traps;
using ActorTrap.TestPeers;

namespace ActorTrap.Node.Tests.Traps;

/// <summary>The trap page's per-client limit: a burst, then the rate, and a table that never outgrows its cap.</summary>
public sealed class PageRateLimiterSpec
{
    private readonly ManualTimeProvider clock = new(new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Client_gets_its_burst_then_one_page_per_refill()
    {
        var limiter = new PageRateLimiter(perMinute: 6, burst: 3, maxClients: 100, clock);
        var client = IPAddress.Parse("192.0.2.9");
        Assert.Equal([true, true, true, false], Enumerable.Range(0, 4).Select(i => limiter.TryTake(client, out var full) && !full));
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(limiter.TryTake(client, out _));
        Assert.False(limiter.TryTake(client, out _));
        Assert.True(limiter.TryTake(IPAddress.Parse("192.0.2.10"), out _)); // others have their own bucket
    }

    [Fact]
    public void Flood_from_many_clients_keeps_the_table_at_its_cap_and_refuses_newcomers_until_old_ones_idle()
    {
        var limiter = new PageRateLimiter(perMinute: 6, burst: 2, maxClients: 100, clock);
        var refusedFull = 0;
        for (var i = 0; i < 1000; i++)
        {
            if (!limiter.TryTake(new IPAddress([10, 0, (byte)(i >> 8), (byte)i]), out var full) && full)
            {
                refusedFull++;
            }

            Assert.True(limiter.Count <= 100);
        }

        Assert.Equal(900, refusedFull);
        clock.Advance(TimeSpan.FromMinutes(1)); // every bucket refilled: nothing left to remember
        Assert.True(limiter.TryTake(IPAddress.Parse("192.0.2.200"), out var stillFull));
        Assert.False(stillFull);
        Assert.Equal(1, limiter.Count);
    }
}

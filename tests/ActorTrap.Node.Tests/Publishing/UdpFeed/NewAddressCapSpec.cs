using System.Net;
using ActorTrap.Node.Publishing.UdpFeed;

namespace ActorTrap.Node.Tests.Publishing.UdpFeed;

/// <summary>Issue 18: each reporter's distinct addresses per clock minute, in memory bounded by its cap.</summary>
public sealed class NewAddressCapSpec
{
    private static readonly DateTimeOffset Minute = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Cap_counts_distinct_addresses_per_reporter_and_minute_and_an_address_counted_passes_again()
    {
        var cap = new NewAddressCap();

        Assert.True(cap.TryTake("det-a", IPAddress.Parse("11.0.0.1"), 2, Minute));
        Assert.True(cap.TryTake("det-a", IPAddress.Parse("::ffff:11.0.0.1"), 2, Minute.AddSeconds(1)));
        Assert.True(cap.TryTake("det-a", IPAddress.Parse("11.0.0.2"), 2, Minute.AddSeconds(2)));
        Assert.False(cap.TryTake("det-a", IPAddress.Parse("11.0.0.3"), 2, Minute.AddSeconds(59)));
        Assert.True(cap.TryTake("det-a", IPAddress.Parse("11.0.0.2"), 2, Minute.AddSeconds(59)));
        Assert.True(cap.TryTake("det-b", IPAddress.Parse("11.0.0.3"), 2, Minute.AddSeconds(59)));
        Assert.True(cap.TryTake("det-a", IPAddress.Parse("11.0.0.3"), 2, Minute.AddMinutes(1)));
    }

    [Fact]
    public void Reporter_a_reload_removed_is_forgotten()
    {
        var cap = new NewAddressCap();
        Assert.True(cap.TryTake("det-a", IPAddress.Parse("11.0.0.1"), 1, Minute));
        Assert.False(cap.TryTake("det-a", IPAddress.Parse("11.0.0.2"), 1, Minute));

        cap.Retain(["det-b"]);

        Assert.True(cap.TryTake("det-a", IPAddress.Parse("11.0.0.2"), 1, Minute));
    }
}

using ActorTrap.Node.Reputation.Shards;

namespace ActorTrap.Node.Tests.Reputation.Shards;

/// <summary>The shards' verdicts-per-second figure for <c>ctl shards</c>.</summary>
public sealed class RecentRateSpec
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Rate_is_the_average_of_the_last_whole_seconds_without_the_one_in_progress()
    {
        var rate = new RecentRate(windowSeconds: 10);
        for (var s = 0; s < 10; s++)
        {
            for (var i = 0; i < 20; i++)
            {
                rate.Count(T0.AddSeconds(s).AddMilliseconds(i * 40));
            }
        }

        rate.Count(T0.AddSeconds(10)); // the second in progress does not count yet
        Assert.Equal(20.0, rate.PerSecond(T0.AddSeconds(10.5)));
        Assert.Equal(18.1, rate.PerSecond(T0.AddSeconds(11.5)), 6); // second 0 left the window, second 10 (one verdict) entered
    }

    [Fact]
    public void Idle_seconds_bring_the_rate_down_to_zero_and_a_clock_step_back_breaks_nothing()
    {
        var rate = new RecentRate(windowSeconds: 4);
        for (var i = 0; i < 8; i++)
        {
            rate.Count(T0);
        }

        Assert.Equal(2.0, rate.PerSecond(T0.AddSeconds(1)));
        Assert.Equal(0.0, rate.PerSecond(T0.AddSeconds(5)));
        rate.Count(T0.AddSeconds(2)); // earlier than the last second seen: counted in the newest one
        Assert.Equal(0.25, rate.PerSecond(T0.AddSeconds(6)));
        Assert.Equal(0.0, rate.PerSecond(T0.AddHours(1)));
    }
}

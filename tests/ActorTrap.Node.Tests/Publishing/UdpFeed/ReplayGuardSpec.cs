using ActorTrap.Node.Publishing.UdpFeed;

namespace ActorTrap.Node.Tests.Publishing.UdpFeed;

public sealed class ReplayGuardSpec
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly long NowMs = Now.ToUnixTimeMilliseconds();

    [Fact]
    public void Line_within_the_window_is_accepted_once()
    {
        var guard = new ReplayGuard(TimeSpan.FromSeconds(30), 1000);

        Assert.Equal(FeedRejection.None, guard.Check(NowMs - 1000, 1, Now));
        Assert.Equal(FeedRejection.Replayed, guard.Check(NowMs - 1000, 1, Now));
        Assert.Equal(FeedRejection.None, guard.Check(NowMs - 1000, 2, Now));
    }

    [Theory]
    [InlineData(-30_001)]
    [InlineData(30_001)]
    public void Line_outside_the_window_either_way_is_stale(long offsetMs)
    {
        var guard = new ReplayGuard(TimeSpan.FromSeconds(30), 1000);

        Assert.Equal(FeedRejection.Stale, guard.Check(NowMs + offsetMs, 1, Now));
    }

    [Fact]
    public void Replay_after_its_second_was_forgotten_for_memory_is_stale_never_accepted()
    {
        var guard = new ReplayGuard(TimeSpan.FromSeconds(30), 3);
        guard.Check(NowMs - 5000, 1, Now);
        guard.Check(NowMs - 4000, 2, Now);
        guard.Check(NowMs - 3000, 3, Now);
        guard.Check(NowMs - 2000, 4, Now); // over 3: the oldest second goes

        Assert.Equal(3, guard.Remembered);
        Assert.Equal(FeedRejection.Stale, guard.Check(NowMs - 5000, 1, Now));
        Assert.Equal(FeedRejection.Replayed, guard.Check(NowMs - 4000, 2, Now));
    }

    [Fact]
    public void Memory_of_lines_older_than_the_window_is_released()
    {
        var guard = new ReplayGuard(TimeSpan.FromSeconds(30), 1000);
        for (var i = 0; i < 100; i++)
        {
            guard.Check(NowMs - 1000, (UInt128)i, Now);
        }

        guard.Check(NowMs + 60_000, 7, Now.AddMinutes(1));

        Assert.Equal(1, guard.Remembered);
    }
}

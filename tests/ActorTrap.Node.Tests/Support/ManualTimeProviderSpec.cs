using ActorTrap.TestPeers;

namespace ActorTrap.Node.Tests.Support;

public sealed class ManualTimeProviderSpec
{
    [Fact]
    public void Advance_fires_due_timers_in_due_order_and_equal_due_times_in_creation_order()
    {
        var clock = new ManualTimeProvider();
        var fired = new List<string>();
        using var c = clock.CreateTimer(_ => fired.Add("c@3"), null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);
        using var a = clock.CreateTimer(_ => fired.Add("a@1"), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var b1 = clock.CreateTimer(_ => fired.Add("b1@2"), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        using var b2 = clock.CreateTimer(_ => fired.Add("b2@2"), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(["a@1", "b1@2", "b2@2"], fired);
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(["a@1", "b1@2", "b2@2", "c@3"], fired);
    }

    [Fact]
    public void Periodic_timers_rearm_and_callbacks_see_their_due_time()
    {
        var clock = new ManualTimeProvider();
        var start = clock.GetUtcNow();
        var seen = new List<TimeSpan>();
        using var timer = clock.CreateTimer(_ => seen.Add(clock.GetUtcNow() - start), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5)], seen);
        Assert.Equal(start + TimeSpan.FromSeconds(6), clock.GetUtcNow());
    }

    [Fact]
    public void Change_and_dispose_rearm_and_disarm()
    {
        var clock = new ManualTimeProvider();
        var count = 0;
        var timer = clock.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        timer.Change(TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(0, count);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, count);
        timer.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        timer.Dispose();
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, count);
        Assert.Equal(0, clock.ArmedTimers);
    }

    [Fact]
    public void Timestamps_follow_virtual_time_and_time_never_goes_back()
    {
        var clock = new ManualTimeProvider();
        var before = clock.GetTimestamp();
        clock.SetUtcNow(clock.GetUtcNow() + TimeSpan.FromMinutes(3));
        Assert.Equal(TimeSpan.FromMinutes(3), clock.GetElapsedTime(before));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.SetUtcNow(clock.GetUtcNow() - TimeSpan.FromTicks(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromTicks(-1)));
    }

    [Fact]
    public async Task Task_delay_on_the_manual_clock_completes_only_when_advanced()
    {
        var clock = new ManualTimeProvider();
        var delay = Task.Delay(TimeSpan.FromSeconds(10), clock);
        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False(delay.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        await delay.WaitAsync(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void Timers_may_be_created_from_many_threads_at_once()
    {
        var clock = new ManualTimeProvider();
        var fired = 0;
        Parallel.For(0, 1_000, _ => clock.CreateTimer(_ => Interlocked.Increment(ref fired), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1_000, fired);
    }
}

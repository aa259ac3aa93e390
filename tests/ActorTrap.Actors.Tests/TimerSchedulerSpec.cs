using ActorTrap.Actors.TestKit;

namespace ActorTrap.Actors.Tests;

public sealed class TimerSchedulerSpec
{
    [Fact]
    public async Task Timers_due_within_the_slack_fire_together_and_never_early()
    {
        var clock = new ManualTimeProvider();
        using var scheduler = new TimerScheduler(clock, TimeSpan.FromMilliseconds(100));
        var fired = new List<string>();
        await using var system = ActorSystem.Create("slack", new ActorSystemOptions { TimeProvider = clock });
        var cell = (ActorCell)system.ActorOf(Props.Create(() => new Sink(fired)));
        foreach (var (name, ms) in new[] { ("a", 1000), ("b", 1050), ("c", 1150) })
        {
            scheduler.Schedule(new TimerEntry(cell, name, name, 1, TimeSpan.Zero), TimeSpan.FromMilliseconds(ms));
        }

        clock.Advance(TimeSpan.FromMilliseconds(1099));
        Assert.Equal(1, clock.ArmedTimers);
        Assert.Equal(3, scheduler.Count); // nothing delivered before a + slack
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, scheduler.Count); // a and b in one batch at 1.1 s; c waits for 1.25 s
        clock.Advance(TimeSpan.FromMilliseconds(150));
        Assert.Equal(0, scheduler.Count);
    }

    [Fact]
    public async Task Cancelled_entries_are_compacted_so_replaced_timers_cannot_pile_up()
    {
        var clock = new ManualTimeProvider();
        using var scheduler = new TimerScheduler(clock, TimeSpan.Zero);
        await using var system = ActorSystem.Create("compact", new ActorSystemOptions { TimeProvider = clock });
        var cell = (ActorCell)system.ActorOf(Props.Create(() => new Sink([])));
        for (var i = 0; i < 100_000; i++)
        {
            var entry = new TimerEntry(cell, "k", "m", i, TimeSpan.Zero);
            scheduler.Schedule(entry, TimeSpan.FromHours(1));
            scheduler.Cancel(entry); // what an idle timer reset on every command does
        }

        Assert.InRange(scheduler.Count, 0, 2100);
    }

    [Fact]
    public async Task Ten_thousand_actor_timers_share_one_runtime_timer_and_all_fire_in_order()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        for (var i = 0; i < 10_000; i++)
        {
            var delay = TimeSpan.FromSeconds(10_000 - i);
            kit.ActorOf(Props.Create(() => new Once(probe.Ref, delay)));
        }

        await kit.WhenIdleAsync();
        Assert.Equal(1, kit.Clock.ArmedTimers);
        await kit.AdvanceAsync(TimeSpan.FromSeconds(10_000));
        var seen = (await probe.ReceiveNAsync(10_000)).Cast<TimeSpan>().ToList();
        Assert.Equal(seen.OrderBy(t => t), seen);
    }

    private sealed class Sink(List<string> fired) : Actor
    {
        protected override void OnReceive(object message) => fired.Add((string)message);
    }

    private sealed class Once(IActorRef probe, TimeSpan delay) : Actor
    {
        protected override void PreStart() => Context.Timers.StartSingleTimer("once", delay, delay);

        protected override void OnReceive(object message) => probe.Tell(message);
    }
}

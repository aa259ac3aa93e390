using ActorTrap.Actors.TestKit;

namespace ActorTrap.Actors.Tests;

public sealed class TimersSpec
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Single_timer_fires_once_at_its_delay_with_no_sender()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var actor = kit.ActorOf(Props.Create(() => new TimerActor(probe)), "t");
        actor.Tell(new Single("k", "tick", Second));
        await kit.AdvanceAsync(TimeSpan.FromMilliseconds(999));
        await probe.ExpectNoMsgAsync();
        await kit.AdvanceAsync(TimeSpan.FromMilliseconds(1));
        await probe.ExpectMsgAsync<string>(predicate: s => s == "tick");
        Assert.Same(ActorRef.Nobody, probe.LastSender);
        await probe.ExpectNoMsgAsync(TimeSpan.FromMinutes(1));
        Assert.False(await actor.Ask<bool>(new IsActive("k")));
    }

    [Fact]
    public async Task Periodic_timer_fires_every_interval_after_its_initial_delay()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var actor = kit.ActorOf(Props.Create(() => new TimerActor(probe)), "t");
        actor.Tell(new Periodic("k", "tick", 5 * Second, Second));
        await kit.AdvanceAsync(4 * Second);
        await probe.ExpectNoMsgAsync();
        await kit.AdvanceAsync(5 * Second); // t = 9 s: fired at 5, 6, 7, 8, 9
        Assert.Equal(5, (await probe.ReceiveNAsync(5)).Count);
        await probe.ExpectNoMsgAsync();
        Assert.True(await actor.Ask<bool>(new IsActive("k")));
    }

    [Fact]
    public async Task Replacing_a_timer_never_delivers_the_replaced_message_even_if_already_enqueued()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        using var gate = new ManualResetEventSlim();
        var actor = kit.ActorOf(Props.Create(() => new TimerActor(probe, gate)), "t");
        actor.Tell(new Single("k", "old", Second));
        await kit.WhenIdleAsync();
        actor.Tell(new BlockThen(new Single("k", "new", Second)));
        await probe.ExpectMsgAsync<string>(predicate: s => s == "blocked");
        kit.Clock.Advance(Second); // "old" is now in the mailbox; the blocked turn replaces the timer before it is dequeued
        gate.Set();
        await kit.WhenIdleAsync();
        await probe.ExpectNoMsgAsync();
        await kit.AdvanceAsync(Second);
        await probe.ExpectMsgAsync<string>(predicate: s => s == "new");
        await probe.ExpectNoMsgAsync(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Cancel_drops_an_already_enqueued_timer_message()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        using var gate = new ManualResetEventSlim();
        var actor = kit.ActorOf(Props.Create(() => new TimerActor(probe, gate)), "t");
        actor.Tell(new Periodic("k", "tick", Second, Second));
        await kit.WhenIdleAsync();
        actor.Tell(new BlockThen(new CancelIt("k")));
        await probe.ExpectMsgAsync<string>(predicate: s => s == "blocked");
        kit.Clock.Advance(Second); // a tick is now in the mailbox; the blocked turn cancels before it is dequeued
        gate.Set();
        await probe.ExpectNoMsgAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(0, kit.Clock.ArmedTimers); // checked before the Ask, whose own timeout timer is disposed lazily
        Assert.False(await actor.Ask<bool>(new IsActive("k")));
    }

    [Fact]
    public async Task Timers_are_cancelled_when_the_actor_restarts()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var actor = kit.ActorOf(Props.Create(() => new TimerActor(probe)), "t");
        actor.Tell(new Periodic("k", "tick", Second, Second));
        actor.Tell(new InvalidOperationException("boom"));
        await kit.WhenIdleAsync();
        await probe.ExpectNoMsgAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(0, kit.Clock.ArmedTimers);
    }

    [Fact]
    public async Task Timers_are_cancelled_when_the_actor_stops()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var actor = kit.ActorOf(Props.Create(() => new TimerActor(probe)), "t");
        actor.Tell(new Single("a", "tick", Second));
        actor.Tell(new Periodic("b", "tock", Second, Second));
        await kit.WhenIdleAsync();
        Assert.Equal(1, kit.Clock.ArmedTimers); // every actor timer shares the system's one scheduler timer
        kit.System.Stop(actor);
        await kit.WhenIdleAsync();
        await probe.ExpectNoMsgAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(0, kit.Clock.ArmedTimers); // the cancelled entries came due, were dropped, and nothing is left
        Assert.Equal(0, kit.System.DeadLetters.Count);
    }

    [Fact]
    public async Task Cancel_all_stops_every_timer_and_a_timer_started_by_a_timer_fires_in_the_same_advance()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var actor = kit.ActorOf(Props.Create(() => new TimerActor(probe)), "t");
        actor.Tell(new Single("a", "chain", Second));
        await kit.AdvanceAsync(3 * Second); // "chain" at 1 s starts "chained" due at 2 s
        Assert.Equal(["chain", "chained"], (await probe.ReceiveNAsync(2)).Cast<string>());
        actor.Tell(new Single("x", "tick", Second));
        actor.Tell(new Periodic("y", "tock", Second, Second));
        actor.Tell("cancel all");
        await probe.ExpectNoMsgAsync(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task System_clock_timers_fire_in_real_time()
    {
        await using var system = ActorSystem.Create("real");
        var probe = new TestProbe(system);
        var actor = system.ActorOf(Props.Create(() => new TimerActor(probe)), "t");
        actor.Tell(new Single("k", "tick", TimeSpan.FromMilliseconds(20)));
        await probe.ExpectMsgAsync<string>(predicate: s => s == "tick");
    }

    private sealed record Single(string Key, string Message, TimeSpan Delay);

    private sealed record Periodic(string Key, string Message, TimeSpan Initial, TimeSpan Interval);

    private sealed record CancelIt(string Key);

    private sealed record IsActive(string Key);

    private sealed record BlockThen(object Then);

    private sealed class TimerActor(IActorRef probe, ManualResetEventSlim? gate = null) : Actor
    {
        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case Single s:
                    Context.Timers.StartSingleTimer(s.Key, s.Message, s.Delay);
                    break;
                case Periodic p:
                    Context.Timers.StartPeriodicTimer(p.Key, p.Message, p.Initial, p.Interval);
                    break;
                case CancelIt c:
                    Context.Timers.Cancel(c.Key);
                    break;
                case IsActive a:
                    Sender.Tell(Context.Timers.IsTimerActive(a.Key));
                    break;
                case "cancel all":
                    Context.Timers.CancelAll();
                    break;
                case BlockThen block:
                    probe.Tell("blocked");
                    gate!.Wait(TimeSpan.FromSeconds(5));
                    OnReceive(block.Then);
                    break;
                case Exception ex:
                    throw ex;
                case "chain":
                    Context.Timers.StartSingleTimer("c", "chained", TimeSpan.FromSeconds(1));
                    probe.Tell(message, Sender);
                    break;
                default:
                    probe.Tell(message, Sender);
                    break;
            }
        }
    }
}

using ActorTrap.Actors.TestKit;
using ActorTrap.Actors.Tests.Support;

namespace ActorTrap.Actors.Tests;

public sealed class DeadLettersSpec
{
    [Fact]
    public async Task Messages_to_a_stopped_actor_are_counted_by_type_never_thrown()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var actor = kit.ActorOf(Props.Create(() => new ForwardActor(probe)), "gone");
        probe.Watch(actor);
        kit.System.Stop(actor);
        await probe.ExpectTerminatedAsync(actor);
        actor.Tell("a");
        actor.Tell("b");
        actor.Tell(42);
        Assert.Equal(3, kit.System.DeadLetters.Count);
        Assert.Equal(2, kit.System.DeadLetters.CountOf<string>());
        Assert.Equal(1, kit.System.DeadLetters.CountsByType()["Int32"]);
    }

    [Fact]
    public async Task Messages_to_nobody_are_dead_letters()
    {
        await using var kit = new ActorTestKit();
        var actor = kit.ActorOf(Props.Create(() => new ForwardActor(ActorRef.Nobody)), "to-nobody");
        actor.Tell("x");
        await kit.WhenIdleAsync();
        Assert.Equal(1, kit.System.DeadLetters.CountOf<string>());
    }

    [Fact]
    public async Task Dead_letter_logging_is_rate_limited_to_one_line_per_second_with_the_suppressed_count()
    {
        using var logs = new CapturingLoggerFactory();
        await using var kit = new ActorTestKit(options: new ActorSystemOptions { LoggerFactory = logs });
        for (var i = 0; i < 100; i++)
        {
            ActorRef.Nobody.Tell(i, kit.CreateProbe().Ref);
        }

        Assert.Equal(1, logs.Count(7003));
        kit.Clock.Advance(TimeSpan.FromSeconds(1));
        ActorRef.Nobody.Tell("late", kit.System.Lookup("/user/probe-1") ?? kit.CreateProbe().Ref);
        Assert.Equal(2, logs.Count(7003));
        Assert.Contains("99 more suppressed", logs.Lines.Last(l => l.Id.Id == 7003).Message, StringComparison.Ordinal);
        Assert.Equal(101, kit.System.DeadLetters.Count);
    }

    [Fact]
    public async Task Unhandled_messages_are_counted_and_logged_not_thrown()
    {
        using var logs = new CapturingLoggerFactory();
        await using var kit = new ActorTestKit(options: new ActorSystemOptions { LoggerFactory = logs });
        var actor = kit.ActorOf(Props.Create(() => new Picky()), "picky");
        actor.Tell(3.5);
        await kit.WhenIdleAsync();
        Assert.Equal(1, kit.System.UnhandledMessages);
        Assert.Equal(1, logs.Count(7002));
    }

    private sealed class Picky : Actor
    {
        protected override void OnReceive(object message) => Unhandled(message);
    }
}

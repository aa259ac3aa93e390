using ActorTrap.Actors.TestKit;
using ActorTrap.Actors.Tests.Support;

namespace ActorTrap.Actors.Tests;

public sealed class SupervisionSpec
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Restart_runs_hooks_in_order_drops_the_failing_message_and_keeps_the_mailbox()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var actor = kit.ActorOf(Props.Create(() => new LifecycleRecorder(probe)), "r");
        actor.Tell("a");
        actor.Tell(new InvalidOperationException("boom"));
        actor.Tell("b");
        actor.Tell("c");

        var events = await probe.ReceiveNAsync(8);
        Assert.Equal(
            ["PreStart", "a", "PreRestart:boom:boom", "PostStop", "PostRestart:boom", "PreStart", "b", "c"],
            events.Cast<string>());
        Assert.Equal(2, await actor.Ask<int>("count")); // a fresh instance: only b and c were counted by it
        await probe.ExpectNoMsgAsync();
    }

    [Fact]
    public async Task Resume_keeps_the_instance_and_its_state()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var strategy = new OneForOneStrategy(_ => Directive.Resume);
        var supervisor = kit.ActorOf(Props.Create(() => new Supervisor(Props.Create(() => new LifecycleRecorder(probe)), null)).WithSupervisorStrategy(strategy), "s");
        var child = await supervisor.Ask<IActorRef>("child");
        child.Tell("a");
        child.Tell(new InvalidOperationException("boom"));
        child.Tell("b");
        Assert.Equal(["PreStart", "a", "b"], (await probe.ReceiveNAsync(3)).Cast<string>());
        Assert.Equal(2, await child.Ask<int>("count"));
    }

    [Fact]
    public async Task Stop_directive_stops_the_child_and_its_watchers_see_terminated()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var watcher = kit.CreateProbe();
        var supervisor = kit.ActorOf(Props.Create(() => new Supervisor(Props.Create(() => new LifecycleRecorder(probe)), null)).WithSupervisorStrategy(SupervisorStrategy.Stopping), "s");
        var child = await supervisor.Ask<IActorRef>("child");
        watcher.Watch(child);
        await probe.ExpectMsgAsync<string>(predicate: s => s == "PreStart");
        child.Tell(new InvalidOperationException("boom"));
        child.Tell("never");
        await probe.ExpectMsgAsync<string>(predicate: s => s == "PostStop");
        await watcher.ExpectTerminatedAsync(child);
        await probe.ExpectNoMsgAsync();
        Assert.Equal("none", await supervisor.Ask<string>("child"));
        Assert.Equal(1, kit.System.DeadLetters.CountOf<string>());
    }

    [Fact]
    public async Task More_restarts_than_the_budget_within_the_window_stop_the_child()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var watcher = kit.CreateProbe();
        var strategy = new OneForOneStrategy(2, Minute, SupervisorStrategy.DefaultDecider);
        var supervisor = kit.ActorOf(Props.Create(() => new Supervisor(Props.Create(() => new LifecycleRecorder(probe)), null)).WithSupervisorStrategy(strategy), "s");
        var child = await supervisor.Ask<IActorRef>("child");
        watcher.Watch(child);
        for (var i = 0; i < 2; i++)
        {
            child.Tell(new InvalidOperationException("boom"));
            await probe.FishForMessageAsync<string>(s => s.StartsWith("PostRestart", StringComparison.Ordinal));
        }

        child.Tell(new InvalidOperationException("boom"));
        await watcher.ExpectTerminatedAsync(child);
    }

    [Fact]
    public async Task Restart_budget_window_slides_on_the_virtual_clock()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var strategy = new OneForOneStrategy(1, Minute, SupervisorStrategy.DefaultDecider);
        var supervisor = kit.ActorOf(Props.Create(() => new Supervisor(Props.Create(() => new LifecycleRecorder(probe)), null)).WithSupervisorStrategy(strategy), "s");
        var child = await supervisor.Ask<IActorRef>("child");
        for (var i = 0; i < 3; i++)
        {
            child.Tell(new InvalidOperationException("boom"));
            await probe.FishForMessageAsync<string>(s => s.StartsWith("PostRestart", StringComparison.Ordinal));
            await kit.AdvanceAsync(Minute + TimeSpan.FromSeconds(1));
        }

        Assert.Same(child, await supervisor.Ask<IActorRef>("child"));
    }

    [Fact]
    public async Task Escalate_lets_the_grandparent_restart_the_parent_whose_restart_stops_the_child()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var watcher = kit.CreateProbe();
        var escalating = new OneForOneStrategy(_ => Directive.Escalate);
        var parentProps = Props.Create(() => new Supervisor(Props.Create(() => new LifecycleRecorder(probe)), probe)).WithSupervisorStrategy(escalating);
        var grandparent = kit.ActorOf(Props.Create(() => new Supervisor(parentProps, null)), "g");
        var parent = await grandparent.Ask<IActorRef>("child");
        var child = await parent.Ask<IActorRef>("child");
        watcher.Watch(child);
        await probe.ExpectMsgAsync<string>(predicate: s => s == "PreStart");

        child.Tell(new InvalidOperationException("deep"));

        await probe.FishForMessageAsync<string>(s => s == "supervisor PostRestart:deep");
        await watcher.ExpectTerminatedAsync(child);
        var fresh = await parent.Ask<IActorRef>("child");
        Assert.NotSame(child, fresh);
    }

    [Fact]
    public async Task Constructor_failure_stops_the_actor_by_default()
    {
        await using var kit = new ActorTestKit();
        var watcher = kit.CreateProbe();
        var actor = kit.ActorOf(Props.Create<LifecycleRecorder>(() => throw new InvalidOperationException("bad config")), "broken");
        watcher.Watch(actor);
        await watcher.ExpectTerminatedAsync(actor);
    }

    [Fact]
    public void Default_decider_stops_on_initialization_and_death_pact_and_restarts_otherwise()
    {
        Assert.Equal(Directive.Stop, SupervisorStrategy.DefaultDecider(new ActorInitializationException()));
        Assert.Equal(Directive.Stop, SupervisorStrategy.DefaultDecider(new DeathPactException()));
        Assert.Equal(Directive.Restart, SupervisorStrategy.DefaultDecider(new IOException()));
    }

    [Fact]
    public async Task User_guardian_restarts_top_level_actors_within_its_budget_then_stops_them()
    {
        await using var kit = new ActorTestKit(options: new ActorSystemOptions
        {
            GuardianStrategy = new OneForOneStrategy(3, Minute, SupervisorStrategy.DefaultDecider),
        });
        var probe = kit.CreateProbe();
        var watcher = kit.CreateProbe();
        var actor = kit.ActorOf(Props.Create(() => new LifecycleRecorder(probe)), "top");
        watcher.Watch(actor);
        for (var i = 0; i < 3; i++)
        {
            actor.Tell(new InvalidOperationException("boom"));
            await probe.FishForMessageAsync<string>(s => s.StartsWith("PostRestart", StringComparison.Ordinal));
        }

        await watcher.ExpectNoMsgAsync();
        actor.Tell(new InvalidOperationException("boom"));
        await watcher.ExpectTerminatedAsync(actor);
    }

    [Fact]
    public async Task Failures_are_logged_with_kernel_event_ids()
    {
        using var logs = new CapturingLoggerFactory();
        await using var kit = new ActorTestKit(options: new ActorSystemOptions { LoggerFactory = logs });
        var probe = kit.CreateProbe();
        var actor = kit.ActorOf(Props.Create(() => new LifecycleRecorder(probe)), "logged");
        actor.Tell(new InvalidOperationException("boom"));
        await probe.FishForMessageAsync<string>(s => s.StartsWith("PostRestart", StringComparison.Ordinal));
        Assert.Equal(1, logs.Count(7000));
    }
}

using ActorTrap.Actors.TestKit;
using ActorTrap.Actors.Tests.Support;

namespace ActorTrap.Actors.Tests;

public sealed class DeathWatchSpec
{
    [Fact]
    public async Task Watcher_gets_terminated_when_the_watched_actor_stops()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var target = kit.ActorOf(Props.Create(() => new ForwardActor(probe)), "target");
        var watcher = kit.ActorOf(Props.Create(() => new Watcher(probe)), "watcher");
        watcher.Tell(new WatchIt(target));
        await kit.WhenIdleAsync();
        target.Tell(PoisonPill.Instance);
        var terminated = await probe.ExpectMsgAsync<Terminated>();
        Assert.Same(target, terminated.Actor);
        Assert.Same(target, probe.LastSender);
    }

    [Fact]
    public async Task Watching_an_already_dead_actor_still_delivers_terminated()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var target = kit.ActorOf(Props.Create(() => new ForwardActor(probe)), "target");
        probe.Watch(target);
        kit.System.Stop(target);
        await probe.ExpectTerminatedAsync(target);

        var late = kit.ActorOf(Props.Create(() => new Watcher(probe)), "late");
        late.Tell(new WatchIt(target));
        Assert.Same(target, (await probe.ExpectMsgAsync<Terminated>()).Actor);
    }

    [Fact]
    public async Task Unwatch_guarantees_no_terminated_even_if_already_enqueued()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        using var gate = new ManualResetEventSlim();
        var target = kit.ActorOf(Props.Create(() => new ForwardActor(probe)), "target");
        var watcher = kit.ActorOf(Props.Create(() => new Watcher(probe, gate)), "watcher");
        watcher.Tell(new WatchIt(target));
        await kit.WhenIdleAsync();

        watcher.Tell("block"); // the watcher is busy while the target dies and the notification is queued behind
        await probe.ExpectMsgAsync<string>(predicate: s => s == "blocked");
        kit.System.Stop(target);
        watcher.Tell(new UnwatchIt(target));
        gate.Set();
        await probe.ExpectNoMsgAsync();
    }

    [Fact]
    public async Task Unhandled_terminated_fails_the_watcher_with_death_pact_and_stops_it()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var target = kit.ActorOf(Props.Create(() => new ForwardActor(probe)), "target");
        var watcher = kit.ActorOf(Props.Create(() => new Watcher(probe, ignoreTerminated: true)), "watcher");
        probe.Watch(watcher);
        watcher.Tell(new WatchIt(target));
        await kit.WhenIdleAsync();
        kit.System.Stop(target);
        await probe.ExpectTerminatedAsync(watcher);
    }

    [Fact]
    public async Task Stopping_a_parent_stops_its_children_first_and_both_notify_watchers()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var parent = kit.ActorOf(Props.Create(() => new Supervisor(Props.Create(() => new LifecycleRecorder(probe)), null)), "p");
        var child = await parent.Ask<IActorRef>("child");
        probe.Watch(parent);
        await probe.ExpectMsgAsync<string>(predicate: s => s == "PreStart");
        kit.System.Stop(parent);
        await probe.ExpectMsgAsync<string>(predicate: s => s == "PostStop");
        await probe.ExpectTerminatedAsync(parent);
        Assert.Null(kit.System.Lookup(child.Path));
    }

    private sealed record WatchIt(IActorRef Target);

    private sealed record UnwatchIt(IActorRef Target);

    private sealed class Watcher(IActorRef probe, ManualResetEventSlim? gate = null, bool ignoreTerminated = false) : Actor
    {
        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case WatchIt watch:
                    Context.Watch(watch.Target);
                    break;
                case UnwatchIt unwatch:
                    Context.Unwatch(unwatch.Target);
                    break;
                case "block":
                    probe.Tell("blocked");
                    gate!.Wait(TimeSpan.FromSeconds(5));
                    break;
                case Terminated when !ignoreTerminated:
                    probe.Tell(message, Sender);
                    break;
                default:
                    Unhandled(message);
                    break;
            }
        }
    }
}

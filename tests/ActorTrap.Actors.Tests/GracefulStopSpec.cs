using System.Collections.Concurrent;
using ActorTrap.Actors.TestKit;

namespace ActorTrap.Actors.Tests;

public sealed class GracefulStopSpec
{
    [Fact]
    public async Task Graceful_stop_completes_after_the_actor_and_its_children_stopped_and_leaves_siblings_running()
    {
        await using var kit = new ActorTestKit();
        var stopped = new ConcurrentQueue<string>();
        var target = kit.ActorOf(Props.Create(() => new Parent(stopped)), "sessions");
        var sibling = kit.ActorOf(Props.Create(() => new Parent(stopped)), "reputation");
        await kit.WhenIdleAsync();

        Assert.True(await kit.System.GracefulStopAsync(target, TimeSpan.FromSeconds(3)));

        Assert.Equal(["/user/sessions/child", "/user/sessions"], stopped.ToArray());
        Assert.NotNull(kit.System.Lookup("/user/reputation"));
        Assert.NotNull(sibling);
    }

    [Fact]
    public async Task Graceful_stop_of_a_dead_actor_completes_at_once()
    {
        await using var kit = new ActorTestKit();
        var target = kit.ActorOf(Props.Create(() => new Parent(new ConcurrentQueue<string>())), "gone");
        Assert.True(await kit.System.GracefulStopAsync(target, TimeSpan.FromSeconds(3)));
        Assert.True(await kit.System.GracefulStopAsync(target, TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task Graceful_stop_reports_false_when_the_actor_does_not_stop_in_time()
    {
        using var release = new ManualResetEventSlim();
        await using var kit = new ActorTestKit();
        var target = kit.ActorOf(Props.Create(() => new Stuck(release)), "stuck");
        await kit.WhenIdleAsync();
        Assert.False(await kit.System.GracefulStopAsync(target, TimeSpan.FromMilliseconds(200)));
        release.Set();
    }

    private sealed class Parent(ConcurrentQueue<string> stopped) : Actor
    {
        protected override void PreStart()
        {
            if (Context.Parent.Path == "/user")
            {
                Context.ActorOf(Props.Create(() => new Parent(stopped)), "child");
            }
        }

        protected override void OnReceive(object message) => Unhandled(message);

        protected override void PostStop() => stopped.Enqueue(Self.Path);
    }

    private sealed class Stuck(ManualResetEventSlim release) : Actor
    {
        protected override void OnReceive(object message) => Unhandled(message);

        protected override void PostStop() => release.Wait(TimeSpan.FromSeconds(5));
    }
}

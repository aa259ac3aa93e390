using System.Collections.Concurrent;
using ActorTrap.Actors.TestKit;

namespace ActorTrap.Actors.Tests;

public sealed class ShutdownSpec
{
    [Fact]
    public async Task Terminate_stops_children_before_parents_and_runs_every_post_stop()
    {
        var stopped = new ConcurrentQueue<string>();
        var system = ActorSystem.Create("shutdown", new ActorSystemOptions { TimeProvider = new ManualTimeProvider() });
        var root = system.ActorOf(Props.Create(() => new Node(stopped, 2, 2)), "root");
        var other = system.ActorOf(Props.Create(() => new Node(stopped, 0, 0)), "other");
        await system.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(3));

        Assert.True(await system.TerminateAsync(TimeSpan.FromSeconds(3)));

        var order = stopped.ToList();
        Assert.Equal(8, order.Count); // root, 2 children, 4 grandchildren, other
        foreach (var path in order)
        {
            var parent = path[..path.LastIndexOf('/')];
            if (parent != "/user")
            {
                Assert.True(order.IndexOf(path) < order.IndexOf(parent), $"{path} stopped after its parent");
            }
        }

        Assert.True(system.WhenTerminated.IsCompletedSuccessfully);
        Assert.Throws<InvalidOperationException>(() => system.ActorOf(Props.Create(() => new Node(stopped, 0, 0))));
        Assert.NotNull(other);
        Assert.NotNull(root);
    }

    [Fact]
    public async Task A_blocking_post_stop_does_not_hang_terminate_beyond_its_timeout()
    {
        using var release = new ManualResetEventSlim();
        var system = ActorSystem.Create("stuck");
        system.ActorOf(Props.Create(() => new Stuck(release)), "stuck");
        await system.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(3));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        Assert.False(await system.TerminateAsync(TimeSpan.FromMilliseconds(200)));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3));
        release.Set();
        await system.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(3));
    }

    private sealed class Node : Actor
    {
        private readonly ConcurrentQueue<string> stopped;

        public Node(ConcurrentQueue<string> stopped, int children, int depth)
        {
            this.stopped = stopped;
            if (depth > 1)
            {
                for (var i = 0; i < children; i++)
                {
                    Context.ActorOf(Props.Create(() => new Node(stopped, children, depth - 1)), "c" + i);
                }
            }
            else if (depth == 1)
            {
                for (var i = 0; i < children; i++)
                {
                    Context.ActorOf(Props.Create(() => new Node(stopped, 0, 0)), "leaf" + i);
                }
            }
        }

        protected override void OnReceive(object message) => Unhandled(message);

        protected override void PostStop() => stopped.Enqueue(Self.Path);
    }

    private sealed class Stuck(ManualResetEventSlim release) : Actor
    {
        protected override void OnReceive(object message) => Unhandled(message);

        protected override void PostStop() => release.Wait(TimeSpan.FromSeconds(10));
    }
}

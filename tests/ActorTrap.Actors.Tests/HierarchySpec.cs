using ActorTrap.Actors.TestKit;

namespace ActorTrap.Actors.Tests;

public sealed class HierarchySpec
{
    [Fact]
    public async Task Children_get_paths_under_their_parent()
    {
        await using var kit = new ActorTestKit();
        var listener = kit.ActorOf(Props.Create(() => new Parent()), "listener");
        var session = await listener.Ask<IActorRef>(new Spawn("session-42"));
        Assert.Equal("/user/listener", listener.Path);
        Assert.Equal("/user/listener/session-42", session.Path);
        Assert.Same(session, kit.System.Lookup("/user/listener/session-42"));
        Assert.Null(kit.System.Lookup("/user/listener/nope"));
    }

    [Fact]
    public async Task Duplicate_live_child_name_throws_invalid_actor_name()
    {
        await using var kit = new ActorTestKit();
        kit.ActorOf(Props.Create(() => new Parent()), "a");
        var error = Assert.Throws<InvalidActorNameException>(() => kit.ActorOf(Props.Create(() => new Parent()), "a"));
        Assert.Contains("'a' is not unique under /user", error.Message, StringComparison.Ordinal);
        var parent = kit.ActorOf(Props.Create(() => new Parent()), "p");
        await parent.Ask<IActorRef>(new Spawn("c"));
        var failure = await parent.Ask<StatusFailure>(new Spawn("c"));
        Assert.IsType<InvalidActorNameException>(failure.Cause);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("$x")]
    [InlineData("has space")]
    public async Task Malformed_names_are_rejected(string name)
    {
        await using var kit = new ActorTestKit();
        Assert.Throws<InvalidActorNameException>(() => kit.ActorOf(Props.Create(() => new Parent()), name));
    }

    [Fact]
    public async Task Name_is_free_again_once_the_stopped_child_is_gone()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var first = kit.ActorOf(Props.Create(() => new Parent()), "reuse");
        probe.Watch(first);
        kit.System.Stop(first);
        await probe.ExpectTerminatedAsync(first);
        await kit.WhenIdleAsync();
        var second = kit.ActorOf(Props.Create(() => new Parent()), "reuse");
        Assert.NotSame(first, second);
    }

    [Fact]
    public async Task Unnamed_actors_get_generated_dollar_names()
    {
        await using var kit = new ActorTestKit();
        var actor = kit.ActorOf(Props.Create(() => new Parent()));
        Assert.StartsWith("/user/$", actor.Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_lists_the_live_tree_with_types_counts_and_depth_limit()
    {
        await using var kit = new ActorTestKit();
        var listener = kit.ActorOf(Props.Create(() => new Parent()), "listener");
        var s1 = await listener.Ask<IActorRef>(new Spawn("session-1"));
        await listener.Ask<IActorRef>(new Spawn("session-2"));
        await s1.Ask<IActorRef>(new Spawn("deep"));
        await kit.WhenIdleAsync();

        var tree = kit.System.Snapshot();
        Assert.NotNull(tree);
        Assert.Equal("/user", tree.Path);
        var node = Assert.Single(tree.Children);
        Assert.Equal(("/user/listener", "Parent", 0), (node.Path, node.ActorType, node.MailboxDepth));
        Assert.Equal(2, node.MessagesProcessed);
        Assert.Equal(["/user/listener/session-1", "/user/listener/session-2"], node.Children.Select(c => c.Path));
        Assert.Single(node.Children[0].Children);

        var shallow = kit.System.Snapshot("/user/listener", maxDepth: 1);
        Assert.NotNull(shallow);
        Assert.All(shallow.Children, c => Assert.Empty(c.Children));
        Assert.Null(kit.System.Snapshot("/user/missing"));
    }

    [Fact]
    public async Task Snapshot_is_safe_while_actors_are_created_and_stopped()
    {
        await using var kit = new ActorTestKit();
        var listener = kit.ActorOf(Props.Create(() => new Parent()), "listener");
        var churn = Task.Run(() =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                listener.Tell(new Spawn("s" + i));
                listener.Tell(new StopChild("s" + i));
            }
        });
        while (!churn.IsCompleted)
        {
            Assert.NotNull(kit.System.Snapshot());
        }

        await churn.WaitAsync(TimeSpan.FromSeconds(10));
        await kit.WhenIdleAsync();
        Assert.NotNull(kit.System.Snapshot());
    }

    [Fact]
    public async Task Context_finds_children_by_name()
    {
        await using var kit = new ActorTestKit();
        var parent = kit.ActorOf(Props.Create(() => new Parent()), "p");
        var child = await parent.Ask<IActorRef>(new Spawn("c"));
        Assert.Same(child, await parent.Ask<IActorRef>("find c"));
        Assert.Equal(1, await parent.Ask<int>("count"));
    }

    private sealed record Spawn(string Name);

    private sealed record StopChild(string Name);

    private sealed class Parent : Actor
    {
        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case Spawn spawn:
                    try
                    {
                        Sender.Tell(Context.ActorOf(Props.Create(() => new Parent()), spawn.Name));
                    }
                    catch (InvalidActorNameException ex)
                    {
                        Sender.Tell(new StatusFailure(ex));
                    }

                    break;
                case StopChild stop when Context.Child(stop.Name) is { } child:
                    Context.Stop(child);
                    break;
                case "find c":
                    Sender.Tell(Context.Child("c")!);
                    break;
                case "count":
                    Sender.Tell(Context.Children.Count);
                    break;
            }
        }
    }
}

using ActorTrap.Actors.TestKit;

namespace ActorTrap.Actors.Tests;

public sealed class QuiescenceSpec
{
    [Fact]
    public async Task When_idle_waits_for_chains_of_messages_to_settle()
    {
        await using var kit = new ActorTestKit();
        var counter = new int[1];
        var last = kit.ActorOf(Props.Create(() => new Relay(null, counter)), "last");
        var first = kit.ActorOf(Props.Create(() => new Relay(last, counter)), "first");
        for (var i = 0; i < 1_000; i++)
        {
            first.Tell(i);
        }

        await kit.WhenIdleAsync();
        Assert.True(kit.System.IsIdle);
        Assert.Equal(2_000, Volatile.Read(ref counter[0]));
    }

    [Fact]
    public async Task Idle_system_is_idle_at_once()
    {
        await using var kit = new ActorTestKit();
        await kit.System.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(3));
        Assert.True(kit.System.IsIdle);
    }

    [Fact]
    public void Invalid_options_are_all_reported_at_once()
    {
        var error = Assert.Throws<ArgumentException>(() => ActorSystem.Create("bad", new ActorSystemOptions { Throughput = 0, DefaultAskTimeout = TimeSpan.Zero }));
        Assert.Contains("Throughput", error.Message, StringComparison.Ordinal);
        Assert.Contains("DefaultAskTimeout", error.Message, StringComparison.Ordinal);
    }

    private sealed class Relay(IActorRef? next, int[] counter) : Actor
    {
        protected override void OnReceive(object message)
        {
            Interlocked.Increment(ref counter[0]);
            next?.Tell(message);
        }
    }
}

using ActorTrap.Actors.TestKit;
using ActorTrap.Actors.Tests.Support;

namespace ActorTrap.Actors.Tests;

public sealed class TestProbeSpec
{
    [Fact]
    public async Task Expect_msg_failure_says_what_arrived_instead()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe("p");
        probe.Tell("hello");
        var error = Assert.Throws<TestKitException>(() => probe.ExpectMsg<int>());
        Assert.Equal("ExpectMsg<Int32> at /user/p failed: got String hello from /deadLetters instead.", error.Message);
    }

    [Fact]
    public async Task Expect_msg_times_out_within_its_real_time_bound()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe("p");
        var error = await Assert.ThrowsAsync<TestKitException>(() => probe.ExpectMsgAsync<int>(TimeSpan.FromMilliseconds(50)));
        Assert.Contains("timed out after 50ms: no message arrived", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reply_goes_to_the_last_sender_with_the_probe_as_sender()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var other = kit.CreateProbe();
        var forward = kit.ActorOf(Props.Create(() => new ForwardActor(probe)), "f");
        forward.Tell("question", other.Ref);
        Assert.Equal("question", probe.ExpectMsg<string>());
        Assert.Same(other.Ref, probe.LastSender);
        probe.Reply("answer");
        Assert.Equal("answer", other.ExpectMsg<string>());
        Assert.Same(probe.Ref, other.LastSender);
    }

    [Fact]
    public async Task Fish_skips_until_the_predicate_matches_and_receive_n_collects()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        foreach (var i in Enumerable.Range(1, 6))
        {
            probe.Tell(i);
        }

        Assert.Equal(3, probe.FishForMessage<int>(i => i == 3));
        Assert.Equal([4, 5], probe.ReceiveN(2).Cast<int>());
        Assert.Equal(6, await probe.FishForMessageAsync<int>(_ => true));
        var error = Assert.Throws<TestKitException>(() => probe.ReceiveN(1, TimeSpan.FromMilliseconds(20)));
        Assert.Contains("ReceiveN(1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expect_no_msg_uses_a_virtual_window_with_the_kit()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var before = kit.Clock.GetUtcNow();
        probe.ExpectNoMsg(TimeSpan.FromHours(1));
        Assert.Equal(before + TimeSpan.FromHours(1), kit.Clock.GetUtcNow());
        probe.Tell("x");
        Assert.Throws<TestKitException>(() => probe.ExpectNoMsg(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Probe_watch_then_expect_terminated()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var target = kit.CreateProbe();
        probe.Watch(target);
        kit.System.Stop(target);
        var terminated = probe.ExpectTerminated(target);
        Assert.Same(target.Ref, terminated.Actor);
    }
}

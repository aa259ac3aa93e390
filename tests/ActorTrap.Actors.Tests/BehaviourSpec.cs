using ActorTrap.Actors.TestKit;

namespace ActorTrap.Actors.Tests;

public sealed class BehaviourSpec
{
    [Fact]
    public async Task Become_switches_named_behaviours_from_the_next_message()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var session = kit.ActorOf(Props.Create(() => new Session(probe)), "session");
        foreach (var m in new[] { "hi", "hold", "hi", "close", "hi" })
        {
            session.Tell(m);
        }

        Assert.Equal(["greeting:hi", "greeting:hold", "holding:hi", "holding:close", "closing:hi"], (await probe.ReceiveNAsync(5)).Cast<string>());
    }

    [Fact]
    public async Task Pipe_to_brings_results_and_failures_back_as_messages()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var session = kit.ActorOf(Props.Create(() => new Session(probe)), "session");
        var work = new TaskCompletionSource<int>();
        session.Tell(work.Task);
        work.SetResult(7);
        Assert.Equal("result:7", await probe.ExpectMsgAsync<string>());

        var failing = new TaskCompletionSource<int>();
        session.Tell(failing.Task);
        failing.SetException(new TimeoutException("dns"));
        Assert.Equal("failed:dns", await probe.ExpectMsgAsync<string>());
    }

    [Fact]
    public async Task Pipe_to_without_mappers_sends_the_result_or_a_status_failure()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        await Task.FromResult(5).PipeTo(probe);
        await Task.FromException<int>(new InvalidOperationException("x")).PipeTo(probe);
        Assert.Equal(5, await probe.ExpectMsgAsync<int>());
        Assert.IsType<InvalidOperationException>((await probe.ExpectMsgAsync<StatusFailure>()).Cause);
    }

    [Fact]
    public async Task Creating_an_actor_with_new_outside_props_fails_clearly()
    {
        await using var kit = new ActorTestKit();
        Assert.Throws<ActorInitializationException>(() => new Session(kit.CreateProbe()));
    }

    private sealed record Piped(string Text);

    private sealed class Session(IActorRef probe) : Actor
    {
        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case Task<int> work:
                    work.PipeTo(Self, success: r => new Piped("result:" + r), failure: e => new Piped("failed:" + e.Message));
                    break;
                case Piped piped:
                    probe.Tell(piped.Text);
                    break;
                default:
                    Greeting(message);
                    break;
            }
        }

        private void Greeting(object message)
        {
            probe.Tell("greeting:" + message);
            if (message is "hold")
            {
                Become(Holding);
            }
        }

        private void Holding(object message)
        {
            probe.Tell("holding:" + message);
            if (message is "close")
            {
                Become(Closing);
            }
        }

        private void Closing(object message) => probe.Tell("closing:" + message);
    }
}

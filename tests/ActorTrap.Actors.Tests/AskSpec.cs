using ActorTrap.Actors.TestKit;

namespace ActorTrap.Actors.Tests;

public sealed class AskSpec
{
    [Fact]
    public async Task Ask_completes_with_the_reply_sent_to_the_temporary_responder()
    {
        await using var kit = new ActorTestKit();
        var actor = kit.ActorOf(Props.Create(() => new Responder()), "responder");
        var reply = await actor.Ask<string>("ping").WaitAsync(TimeSpan.FromSeconds(3));
        Assert.StartsWith("pong from /temp/", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_without_reply_fails_with_a_clear_timeout_on_the_virtual_clock()
    {
        await using var kit = new ActorTestKit();
        var actor = kit.ActorOf(Props.Create(() => new Responder()), "x");
        var ask = actor.Ask<string>("silence", TimeSpan.FromSeconds(5));
        await kit.WhenIdleAsync();
        Assert.False(ask.IsCompleted);
        kit.Clock.Advance(TimeSpan.FromSeconds(5));
        var error = await Assert.ThrowsAsync<AskTimeoutException>(() => ask.WaitAsync(TimeSpan.FromSeconds(3)));
        Assert.Equal("Ask to /user/x timed out after 5s waiting for String", error.Message);
    }

    [Fact]
    public async Task Ask_with_a_reply_of_the_wrong_type_fails_with_invalid_cast_naming_both_types()
    {
        await using var kit = new ActorTestKit();
        var actor = kit.ActorOf(Props.Create(() => new Responder()), "x");
        var error = await Assert.ThrowsAsync<InvalidCastException>(() => actor.Ask<int>("ping").WaitAsync(TimeSpan.FromSeconds(3)));
        Assert.Contains("Ask to /user/x expected a reply of type Int32 but got String", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_answered_with_status_failure_fails_with_its_cause()
    {
        await using var kit = new ActorTestKit();
        var actor = kit.ActorOf(Props.Create(() => new Responder()), "x");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => actor.Ask<string>("fail").WaitAsync(TimeSpan.FromSeconds(3)));
        Assert.Equal("no", error.Message);
    }

    [Fact]
    public async Task Ask_can_be_cancelled()
    {
        await using var kit = new ActorTestKit();
        var actor = kit.ActorOf(Props.Create(() => new Responder()), "x");
        using var cancel = new CancellationTokenSource();
        var ask = actor.Ask<string>("silence", cancellationToken: cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ask.WaitAsync(TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task Typed_ref_tells_and_asks_with_protocol_messages_only()
    {
        await using var kit = new ActorTestKit();
        ActorRef<IGreeterProtocol> greeter = kit.ActorOf(Props.Create(() => new Responder()), "typed").As<IGreeterProtocol>();
        var reply = await greeter.Ask<string>(new Greet("ada")).WaitAsync(TimeSpan.FromSeconds(3));
        Assert.Equal("hello ada", reply);
        Assert.Equal("/user/typed", greeter.Path);
        Assert.Equal(greeter, greeter.Untyped.As<IGreeterProtocol>());
    }

    private interface IGreeterProtocol;

    private sealed record Greet(string Name) : IGreeterProtocol;

    private sealed class Responder : Actor
    {
        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case "ping":
                    Sender.Tell("pong from " + Sender.Path);
                    break;
                case "fail":
                    Sender.Tell(new StatusFailure(new InvalidOperationException("no")));
                    break;
                case Greet greet:
                    Sender.Tell("hello " + greet.Name);
                    break;
                case "silence":
                    break;
                default:
                    Unhandled(message);
                    break;
            }
        }
    }
}

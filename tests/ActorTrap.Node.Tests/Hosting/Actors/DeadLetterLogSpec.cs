using System.Net;
using ActorTrap.Node.Hosting.Actors;
using ActorTrap.Node.Resolver;
using ActorTrap.Node.Tests.Support;
using Akka.Actor;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Tests.Hosting.Actors;

/// <summary>
/// Issue 17: a DNS answer that reaches a session after its client left is normal in a tarpit and logged at debug only;
/// any other dead letter stays visible at info, at most 10 a minute with a summary of the rest (virtual time).
/// </summary>
public sealed class DeadLetterLogSpec : IAsyncDisposable
{
    private readonly ActorSpecKit kit = new();
    private readonly LogCapture logs = new();

    [Fact]
    public async Task Issue17_a_late_dns_answer_to_a_stopped_session_is_debug_not_info()
    {
        DeadLetterLog.Start(kit.System, logs);
        var session = await StoppedActorAsync("session-1");

        var client = IPAddress.Parse("192.0.2.5");
        session.Tell(new DnsblReport(client, [], 0, false));
        session.Tell(new PtrReport(client, [], false, "timeout"));
        session.Tell(new MxReport("example.org", [], null));

        await kit.Kit.AwaitConditionAsync(() => Task.FromResult(logs.Lines.Count(l => l.EventId == 2010) == 3), TimeSpan.FromSeconds(3));
        Assert.All(logs.Entries.Where(e => e.EventId == 2010), e => Assert.Equal((LogLevel.Debug, DeadLetterLog.Category), (e.Level, e.Category)));
        Assert.Contains("/user/session-1", logs.Messages(2010)[0], StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Lines, l => l.Level >= LogLevel.Information);
    }

    [Fact]
    public async Task Issue17_other_dead_letters_are_info_at_most_10_a_minute_then_one_summary()
    {
        DeadLetterLog.Start(kit.System, logs);
        var stopped = await StoppedActorAsync("gone");

        for (var i = 0; i < 25; i++)
        {
            stopped.Tell(new Unexpected("client text that must not be logged"));
        }

        await kit.Kit.AwaitConditionAsync(() => Task.FromResult(logs.Lines.Count(l => l.EventId == 4050) == 10), TimeSpan.FromSeconds(3));
        var first = Assert.Single(logs.Entries.Where(e => e.EventId == 4050).Take(1));
        Assert.Equal(LogLevel.Information, first.Level);
        Assert.Contains(typeof(Unexpected).FullName!, logs.Messages(4050)[0], StringComparison.Ordinal);
        Assert.Contains("/user/gone", logs.Messages(4050)[0], StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Lines, l => l.Message.Contains("client text", StringComparison.Ordinal));
        Assert.Empty(logs.Messages(4051));

        await kit.AdvanceAsync(TimeSpan.FromMinutes(1));
        await kit.Kit.AwaitConditionAsync(() => Task.FromResult(logs.Messages(4051).Count == 1), TimeSpan.FromSeconds(3));
        Assert.StartsWith("15 more dead letters", logs.Messages(4051)[0], StringComparison.Ordinal);
        Assert.Equal(10, logs.Messages(4050).Count);
    }

    private async Task<IActorRef> StoppedActorAsync(string name)
    {
        var actor = kit.System.ActorOf(Props.Empty, name);
        var probe = kit.CreateProbe();
        probe.Watch(actor);
        kit.System.Stop(actor);
        await probe.ExpectTerminatedAsync(actor);
        return actor;
    }

    public async ValueTask DisposeAsync() => await kit.DisposeAsync();

    private sealed record Unexpected(string Text);
}

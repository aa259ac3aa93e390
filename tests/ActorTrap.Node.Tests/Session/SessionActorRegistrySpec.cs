using System.Net;
using ActorTrap.Node.Session;

namespace ActorTrap.Node.Tests.Session;

/// <summary>
/// What <c>ctl sessions</c> shows of a live session (issue 13): the snapshot the session publishes as its state
/// changes, read without touching the actor, and gone when the session ends.
/// </summary>
public sealed class SessionActorRegistrySpec : IAsyncDisposable
{
    private static readonly TimeSpan S = TimeSpan.FromSeconds(1);

    private readonly SessionHarness h = new();

    [Fact]
    public async Task Issue13_registry_shows_each_step_of_a_session_as_published_and_forgets_it_at_the_end()
    {
        var (client, _) = await h.ConnectAsync("198.51.100.7:1234");
        var greeting = Assert.Single(h.Registry.Snapshot());
        Assert.Equal("greeting", greeting.State);
        Assert.Equal(IPAddress.Parse("198.51.100.7"), greeting.Client);
        Assert.Equal("/user/session-1", greeting.Path);
        Assert.Equal(h.Start, greeting.Started);
        Assert.Null(greeting.HeldSince);

        await h.AnswerDnsblAsync(listed: false);
        await h.AdvanceAsync(6 * S);
        client.Type("EHLO localhost\r\nMAIL FROM:<a@b.example>\r\n");
        await h.IdleAsync();
        var talking = Assert.Single(h.Registry.Snapshot());
        Assert.Equal("talking", talking.State);
        Assert.Equal("localhost", talking.Helo);
        Assert.Equal(["pipelining"], talking.Sins);
        Assert.Equal(41, talking.BytesIn); // both lines, as they came
        Assert.Equal(0, talking.BytesTrickled);

        client.Type("RCPT TO:<bob@trap.test>\r\n");
        await h.IdleAsync();
        client.Type("DATA\r\n");
        await h.IdleAsync();
        Assert.StartsWith("451 ", client.Lines[^1], StringComparison.Ordinal);
        Assert.Equal("quitwait", Assert.Single(h.Registry.Snapshot()).State);

        client.Type("QUIT\r\n");
        await h.IdleAsync();
        Assert.True(client.Closed);
        Assert.Empty(h.Registry.Snapshot());
    }

    [Fact]
    public async Task Issue13_a_session_in_drop_mode_shows_its_lookup_until_the_answer()
    {
        await using var drop = new SessionHarness("actortrap.smtp.mode=drop");
        var (client, _) = await drop.ConnectAsync();
        Assert.Equal("lookup", Assert.Single(drop.Registry.Snapshot()).State);

        await drop.AnswerDnsblAsync(listed: false);
        Assert.True(client.Closed);
        Assert.Empty(drop.Registry.Snapshot());
    }

    public ValueTask DisposeAsync() => h.DisposeAsync();
}

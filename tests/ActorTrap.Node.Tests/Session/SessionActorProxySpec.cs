using ActorTrap.Node.Session;

namespace ActorTrap.Node.Tests.Session;

/// <summary>What a client behind a trusted proxy sends in the same chunk as the PROXY header, and after it (issue 13).</summary>
public sealed class SessionActorProxySpec : IAsyncDisposable
{
    private static readonly TimeSpan S = TimeSpan.FromSeconds(1);

    private readonly SessionHarness h = new();

    [Fact]
    public async Task Issue13_a_line_in_the_same_chunk_as_the_proxy_header_is_pregreet_answered_after_the_greeting()
    {
        var (client, _) = await h.ConnectAsync("10.0.0.5:999", proxied: true);
        client.Type("PROXY TCP4 203.0.113.9 192.0.2.1 51000 25\r\nEHLO early.example\r\n");
        await h.IdleAsync();
        await h.AnswerDnsblAsync(listed: false);
        Assert.Equal(["220-mx.trap.test ESMTP"], client.Lines);

        await h.AdvanceAsync(6 * S);
        Assert.Equal(["220-mx.trap.test ESMTP", "220 mx.trap.test ESMTP", "250-mx.trap.test"], client.Lines.Take(3));
        client.Hangup();
        await h.IdleAsync();
        var verdict = h.SingleVerdict();
        Assert.Equal("203.0.113.9", verdict.Client.ToString());
        Assert.Equal("EHLO early.example", Assert.Single(verdict.Sins, s => s.Kind == SinKind.Pregreet).Detail);
    }

    [Fact]
    public async Task Issue13_a_permitted_client_behind_the_proxy_is_answered_line_after_line()
    {
        var (client, _) = await h.ConnectAsync("10.0.0.5:999", proxied: true);
        client.Type("PROXY TCP4 127.0.0.1 192.0.2.1 51000 25\r\nEHLO me.example\r\n");
        await h.IdleAsync();
        Assert.Equal(["220-mx.trap.test ESMTP", "220 mx.trap.test ESMTP"], client.Lines.Take(2));
        Assert.StartsWith("250-mx.trap.test", client.Lines[2], StringComparison.Ordinal);

        foreach (var (line, reply) in new[] { ("MAIL FROM:<a@me.example>", "250 2.1.0"), ("RCPT TO:<b@trap.test>", "250 2.1.5"), ("DATA", "451 ") })
        {
            var before = client.Lines.Count;
            client.Type(line + "\r\n");
            await h.IdleAsync();
            Assert.True(client.Lines.Count > before, $"no answer to {line}");
            Assert.StartsWith(reply, client.Lines[before], StringComparison.Ordinal);
        }

        // One read for the header, one as the talk begins, one after each of the three lines: the bytes that came with
        // the header were answered without asking for a read of their own, so no two reads are ever outstanding.
        Assert.Equal(5, client.ReadRequests);
    }

    public ValueTask DisposeAsync() => h.DisposeAsync();
}

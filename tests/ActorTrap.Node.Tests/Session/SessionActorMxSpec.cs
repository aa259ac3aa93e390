using Akka.Actor;
using ActorTrap.Node.Resolver;
using ActorTrap.Node.Session;

namespace ActorTrap.Node.Tests.Session;

/// <summary>
/// Issue 15: a session records highest-mx as a weight-0 candidate (the MX gate alone gives it its weight), and with
/// check-dns its verdict waits for the MX answer, at most the lookup wait, so a client that leaves quickly is scored.
/// </summary>
public sealed class SessionActorMxSpec : IAsyncDisposable
{
    private static readonly TimeSpan S = TimeSpan.FromSeconds(1);

    private SessionHarness h = new();

    private void Use(params string[] overrides) => h = new SessionHarness(overrides);

    [Fact]
    public async Task Issue15_backup_domain_recipient_is_a_weight_0_candidate_named_by_the_configured_domain()
    {
        Use("actortrap.smtp.mx.backup-domains=[\"corp.test\"]");
        await TalkAsync("RCPT TO:<b@sales.corp.test>", "QUIT");
        var verdict = h.SingleVerdict();
        Assert.Contains(verdict.Sins, s => s.Kind == SinKind.HighestMx && s.Detail == "corp.test" && s.Weight == 0);
        Assert.Equal(0, verdict.Score);
    }

    [Fact]
    public async Task Issue15_check_dns_verdict_waits_for_the_mx_answer_then_carries_the_candidate()
    {
        Use("actortrap.smtp.mx.check-dns=true");
        var session = await TalkAsync("RCPT TO:<a@found.test>", "QUIT");
        var ask = await h.Resolver.FishForMessageAsync<CheckMx>(_ => true);
        Assert.Equal("found.test", ask.Domain);
        Assert.Empty(h.Sink.Latest()); // the client is gone, the verdict waits

        session.Tell(new MxReport("found.test", [new MxHost(10, "mail.found.test."), new MxHost(20, "mx.trap.test.")], null));
        await h.IdleAsync();
        var verdict = h.SingleVerdict();
        Assert.Contains(verdict.Sins, s => s.Kind == SinKind.HighestMx && s.Detail == "found.test" && s.Weight == 0);
        Assert.True(verdict.QuitSent);
        // Counted closed once: when the client left, not again when the verdict that waited went out.
        Assert.Equal(0, h.Metrics.OpenSessions);
        Assert.Equal(1, h.Metrics.TotalSessions);
    }

    [Fact]
    public async Task Issue15_check_dns_verdict_is_emitted_at_the_lookup_wait_when_no_mx_answer_comes()
    {
        Use("actortrap.smtp.mx.check-dns=true", "actortrap.dns.lookup-budget=2s");
        await TalkAsync("RCPT TO:<a@found.test>", "QUIT"); // asked at 6 s: the wait ends at 6 + 2.5 s
        await h.AdvanceAsync(2.4 * S);
        Assert.Empty(h.Sink.Latest());
        await h.AdvanceAsync(0.1 * S);
        Assert.DoesNotContain(h.SingleVerdict().Sins, s => s.Kind == SinKind.HighestMx);
    }

    [Fact]
    public async Task Issue15_check_dns_answer_that_names_us_as_the_primary_is_no_candidate()
    {
        Use("actortrap.smtp.mx.check-dns=true");
        var session = await TalkAsync("RCPT TO:<a@found.test>", "QUIT");
        session.Tell(new MxReport("found.test", [new MxHost(10, "mx.trap.test."), new MxHost(20, "backup.found.test.")], null));
        await h.IdleAsync();
        Assert.DoesNotContain(h.SingleVerdict().Sins, s => s.Kind == SinKind.HighestMx);
    }

    [Fact]
    public async Task Issue15_session_stopped_while_its_verdict_waits_for_mx_still_emits_it()
    {
        Use("actortrap.smtp.mx.check-dns=true");
        var session = await TalkAsync("RCPT TO:<a@found.test>", "QUIT");
        var watcher = h.Kit.CreateProbe();
        watcher.Watch(session);
        h.Kit.System.Stop(session);
        await watcher.ExpectTerminatedAsync(session);
        Assert.Single(h.Sink.Latest());
    }

    public async ValueTask DisposeAsync() => await h.DisposeAsync();

    /// <summary>An unlisted client greeted at 6 s that says HELO, MAIL and then <paramref name="lines"/>.</summary>
    private async Task<IActorRef> TalkAsync(params string[] lines)
    {
        var (client, session) = await h.ConnectAsync();
        await h.AnswerDnsblAsync(listed: false);
        await h.AdvanceAsync(6 * S);
        foreach (var line in new[] { "HELO relay.example.net", "MAIL FROM:<>" }.Concat(lines))
        {
            client.Type(line + "\r\n");
            await h.IdleAsync();
        }

        Assert.True(client.Closed);
        return session;
    }
}

using Akka.Actor;
using ActorTrap.Node.Session;

namespace ActorTrap.Node.Tests.Session;

/// <summary>Transcripts of whole sessions on the manual clock: client lines with timing, expected replies, the verdict.</summary>
public sealed class SessionActorSpec : IAsyncDisposable
{
    private static readonly TimeSpan S = TimeSpan.FromSeconds(1);

    private SessionHarness h = new();

    private void Use(params string[] overrides) => h = new SessionHarness(overrides);

    [Fact]
    public async Task Listed_client_is_held_until_hold_time_then_sent_421()
    {
        Use("actortrap.smtp.hold=60s", "actortrap.smtp.trickle-interval=10s", "actortrap.smtp.hold-reply-time=30s");
        var (client, _) = await h.ConnectAsync();
        Assert.Equal(["220-mx.trap.test ESMTP"], client.Lines); // the first line goes out before the lookup is back
        await h.AnswerDnsblAsync(listed: true);

        await h.AdvanceAsync(29 * S);
        Assert.Equal(["220-mx.trap.test ESMTP", "220-mx.trap.test ESMTP", "220-mx.trap.test ESMTP"], client.Lines);
        await h.AdvanceAsync(1 * S);
        Assert.Equal("220 mx.trap.test ESMTP", client.Lines[^1]);
        Assert.False(client.Closed);

        await h.AdvanceAsync(29 * S);
        Assert.False(client.Closed);
        await h.AdvanceAsync(1 * S);
        Assert.StartsWith("421 4.7.0", client.Lines[^1], StringComparison.Ordinal);
        Assert.True(client.Closed);

        var verdict = h.SingleVerdict();
        Assert.Equal(SessionOutcome.Held, verdict.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(60), verdict.Duration);
        Assert.Contains(verdict.Sins, s => s.Kind == SinKind.DnsblListed);
        Assert.Equal(0, h.Gate.Held);
    }

    [Fact]
    public async Task Short_hold_ends_at_its_exact_time_not_at_the_next_trickle_bucket()
    {
        Use("actortrap.smtp.hold=1500ms", "actortrap.smtp.trickle-interval=10s");
        var (client, _) = await h.ConnectAsync();
        await h.AnswerDnsblAsync(listed: true);
        await h.AdvanceAsync(1.4 * S);
        Assert.False(client.Closed);
        await h.AdvanceAsync(0.1 * S);
        Assert.True(client.Closed);
        Assert.Equal(1.5 * S, h.SingleVerdict().Duration);
    }

    [Fact]
    public async Task Held_client_commands_get_a_trickled_451_at_the_next_tick_and_quit_is_let_go()
    {
        Use("actortrap.smtp.hold=20m", "actortrap.smtp.trickle-interval=10s", "actortrap.smtp.hold-reply-time=20s");
        var (client, _) = await h.ConnectAsync();
        await h.AnswerDnsblAsync(listed: true);
        await h.AdvanceAsync(20 * S); // greeting done
        Assert.Equal("220 mx.trap.test ESMTP", client.Lines[^1]);
        client.Type("EHLO spam.example\r\n");
        await h.AdvanceAsync(9 * S);
        Assert.Equal("220 mx.trap.test ESMTP", client.Lines[^1]); // a held client is read at its ticks only
        await h.AdvanceAsync(1 * S);
        Assert.Equal("451-4.7.1 Service temporarily unavailable, try again later", client.Lines[^1]);
        await h.AdvanceAsync(20 * S);
        Assert.Equal("451 4.7.1 Service temporarily unavailable, try again later", client.Lines[^1]);

        client.Type("QUIT\r\n");
        await h.AdvanceAsync(10 * S);
        Assert.StartsWith("221 2.0.0", client.Lines[^1], StringComparison.Ordinal);
        Assert.True(client.Closed);
        var verdict = h.SingleVerdict();
        Assert.Equal(SessionOutcome.Held, verdict.Outcome);
        Assert.True(verdict.QuitSent);
        Assert.Equal("spam.example", verdict.Helo);
    }

    [Fact]
    public async Task Held_client_that_leaves_is_noticed_at_the_next_tick()
    {
        Use("actortrap.smtp.hold=20m", "actortrap.smtp.trickle-interval=10s");
        var (client, _) = await h.ConnectAsync();
        await h.AnswerDnsblAsync(listed: true);
        client.Hangup();
        await h.AdvanceAsync(10 * S);
        Assert.True(client.Closed);
        Assert.Equal((SessionOutcome.Held, TimeSpan.FromSeconds(10)), (h.SingleVerdict().Outcome, h.SingleVerdict().Duration));
        Assert.Equal(0, h.Gate.Held);
    }

    [Fact]
    public async Task Held_client_is_never_read_between_ticks_so_it_costs_no_pending_read()
    {
        var (client, _) = await h.ConnectAsync();
        await h.AnswerDnsblAsync(listed: true);
        await h.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.False(client.Evented);
        Assert.Equal(0, client.ReadRequests);
    }

    [Fact]
    public async Task Held_client_that_pipelines_through_the_greeting_is_a_pregreeter_and_never_gets_354()
    {
        Use("actortrap.smtp.hold=5m", "actortrap.smtp.hold-reply-time=10s", "actortrap.smtp.trickle-interval=10s");
        var (client, _) = await h.ConnectAsync();
        await h.AnswerDnsblAsync(listed: true);
        client.Type("HELO x\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\nSubject: hi\r\n\r\nbody\r\n.\r\n");
        await h.AdvanceAsync(TimeSpan.FromMinutes(5));

        Assert.DoesNotContain(client.Lines, l => l.StartsWith("354", StringComparison.Ordinal) || l.StartsWith("250", StringComparison.Ordinal));
        var verdict = h.SingleVerdict();
        Assert.Contains(verdict.Sins, s => s.Kind == SinKind.Pregreet);
    }

    [Fact]
    public async Task Unlisted_client_in_drop_mode_is_sent_421_and_closed_as_soon_as_the_lookup_answers()
    {
        Use("actortrap.smtp.mode=drop");
        var (client, _) = await h.ConnectAsync();
        Assert.Empty(client.Output);
        await h.AnswerDnsblAsync(listed: false);
        Assert.Equal(["421 4.3.2 mx.trap.test Service not available, closing transmission channel"], client.Lines);
        Assert.True(client.Closed);
        var verdict = h.SingleVerdict();
        Assert.Equal((SessionOutcome.Dropped, TimeSpan.Zero, 0.0), (verdict.Outcome, verdict.Duration, verdict.Score));
    }

    [Fact]
    public async Task Drop_mode_without_a_dns_answer_drops_at_the_lookup_wait_without_a_word_when_drop_reply_is_off()
    {
        Use("actortrap.smtp.mode=drop", "actortrap.smtp.drop-reply=false", "actortrap.dns.lookup-budget=2500ms");
        var (client, _) = await h.ConnectAsync();
        await h.AdvanceAsync(2.9 * S);
        Assert.False(client.Closed);
        await h.AdvanceAsync(0.1 * S);
        Assert.True(client.Closed);
        Assert.Empty(client.Output);
        Assert.Null(h.SingleVerdict().Dnsbl);
    }

    [Fact]
    public async Task Observed_client_that_behaves_gets_451_to_data_and_leaves_with_quit_without_sins()
    {
        var (client, _) = await h.ConnectAsync("198.51.100.7:1234");
        await h.AnswerDnsblAsync(listed: false);
        await h.AdvanceAsync(6 * S);
        Assert.Equal(["220-mx.trap.test ESMTP", "220 mx.trap.test ESMTP"], client.Lines);

        foreach (var (line, reply) in new[]
        {
            ("EHLO mail.sender.example", "250-mx.trap.test"),
            ("MAIL FROM:<alice@sender.example>", "250 2.1.0 Ok"),
            ("RCPT TO:<bob@trap.test>", "250 2.1.5 Ok"),
            ("DATA", "451 4.7.1"),
            ("QUIT", "221 2.0.0"),
        })
        {
            var before = client.Lines.Count;
            client.Type(line + "\r\n");
            await h.IdleAsync();
            Assert.StartsWith(reply, client.Lines[before], StringComparison.Ordinal);
        }

        Assert.True(client.Closed);
        var verdict = h.SingleVerdict();
        Assert.Equal(SessionOutcome.Observed, verdict.Outcome);
        Assert.True(verdict.QuitSent);
        Assert.Equal("mail.sender.example", verdict.Helo);
        Assert.Equal("alice@sender.example", verdict.MailFrom);
        Assert.Equal(["trap.test"], verdict.RcptDomains);
        Assert.DoesNotContain(verdict.Sins, s => s.Kind != SinKind.MissingRdns);
    }

    [Fact]
    public async Task Client_that_talks_before_the_greeting_commits_pregreet_and_is_answered_after_the_pause()
    {
        var (client, _) = await h.ConnectAsync();
        await h.AnswerDnsblAsync(listed: false);
        await h.AdvanceAsync(2 * S);
        client.Type("EHLO early.example\r\n");
        await h.IdleAsync();
        Assert.Single(client.Lines);
        await h.AdvanceAsync(4 * S);
        Assert.Equal(["220-mx.trap.test ESMTP", "220 mx.trap.test ESMTP", "250-mx.trap.test"], client.Lines.Take(3));
        client.Hangup();
        await h.IdleAsync();
        var pregreet = Assert.Single(h.SingleVerdict().Sins, s => s.Kind == SinKind.Pregreet);
        Assert.Equal(2, pregreet.Weight);
        Assert.Equal("EHLO early.example", pregreet.Detail);
    }

    [Fact]
    public async Task Issue16_helo_before_the_greeting_and_another_after_it_are_both_judged()
    {
        var (client, _) = await h.ConnectAsync();
        await h.AnswerDnsblAsync(listed: false);
        await h.AdvanceAsync(2 * S);
        client.Type("HELO mail.sender.example\r\n"); // before the greeting: a name nothing is wrong with
        await h.AdvanceAsync(4 * S);
        client.Type("HELO localhost\r\nQUIT\r\n");
        await h.IdleAsync();

        var verdict = h.SingleVerdict();
        Assert.Equal("mail.sender.example", verdict.Helo);
        var localhost = Assert.Single(verdict.Sins, s => s.Kind == SinKind.HeloLocalhost);
        Assert.Equal("localhost", localhost.Detail);
        Assert.Contains(verdict.Sins, s => s.Kind == SinKind.HeloChanged);
        Assert.Contains(verdict.Sins, s => s.Kind == SinKind.Pregreet);
    }

    [Fact]
    public async Task Issue16_line_of_100_KB_without_crlf_is_answered_line_too_long_counted_once_and_closed_saying_so()
    {
        var (client, _) = await h.ConnectAsync();
        await h.AnswerDnsblAsync(listed: false);
        await h.AdvanceAsync(6 * S);
        var chunk = Enumerable.Repeat((byte)'a', 2048).ToArray(); // the socket's read size
        for (var sent = 0; sent < 100 * 1024 && !client.Closed; sent += chunk.Length)
        {
            client.Type(chunk);
            await h.IdleAsync();
        }

        Assert.True(client.Closed);
        Assert.Equal(["220-mx.trap.test ESMTP", "220 mx.trap.test ESMTP", "500 5.5.2 Error: line too long",
            "421 4.7.0 mx.trap.test Error: line too long, closing connection"], client.Lines);
        Assert.Equal(1, h.Metrics.TotalLinesTooLong);
    }

    [Fact]
    public async Task Issue15_client_still_connected_and_silent_at_the_quit_wait_is_sent_421_with_no_sin()
    {
        var client = await UnlistedClientRefusedAtDataAsync();
        await h.AdvanceAsync(299.9 * S);
        Assert.False(client.Closed);
        await h.AdvanceAsync(0.1 * S);
        Assert.True(client.Closed);
        Assert.StartsWith("421 ", client.Lines[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(h.SingleVerdict().Sins, s => s.Kind == SinKind.NoQuit);
    }

    [Fact]
    public async Task Issue15_correct_client_that_quits_11_seconds_after_the_451_commits_no_sin()
    {
        var client = await UnlistedClientRefusedAtDataAsync();
        await h.AdvanceAsync(11 * S);
        client.Type("RSET\r\nQUIT\r\n");
        await h.IdleAsync();
        Assert.True(client.Closed);
        Assert.DoesNotContain(h.SingleVerdict().Sins, s => s.Kind == SinKind.NoQuit);
    }

    [Fact]
    public async Task Issue15_loopback_client_is_permitted_by_default_greeted_at_once_never_looked_up_or_judged()
    {
        var (client, _) = await h.ConnectAsync("127.0.0.1:40000");
        Assert.StartsWith("220 ", client.Lines[^1], StringComparison.Ordinal);
        foreach (var line in new[] { "HELO localhost", "MAIL FROM:<x@y.example>", "RCPT TO:<a@trap.test>", "DATA" })
        {
            client.Type(line + "\r\n");
            await h.IdleAsync();
        }

        Assert.StartsWith("451 4.7.1", client.Lines[^1], StringComparison.Ordinal);
        client.Hangup();
        await h.IdleAsync();
        Assert.False(h.Resolver.HasMessages);
        Assert.Empty(h.SingleVerdict().Sins);
    }

    [Fact]
    public async Task Issue15_with_an_empty_permit_list_a_loopback_client_is_judged()
    {
        Use("actortrap.smtp.permit=[]");
        var (client, _) = await h.ConnectAsync("127.0.0.1:40000");
        await h.AnswerDnsblAsync(listed: false);
        client.Type("HELO localhost\r\n");
        await h.AdvanceAsync(6 * S);
        client.Type("QUIT\r\n");
        await h.IdleAsync();
        Assert.Contains(h.SingleVerdict().Sins, s => s.Kind == SinKind.Pregreet);
    }

    [Fact]
    public async Task Issue15_same_envelope_from_the_same_network_after_min_delay_is_a_retry_virtue()
    {
        Use("actortrap.smtp.check-reverse-dns=false"); // the resolver probe answers only DNSBL questions here
        await RefusedSessionAsync("192.0.2.10:40000", "a@trap.test");
        Assert.DoesNotContain(h.Sink.Latest(1)[0].Sins, s => s.Kind == SinKind.Retried);

        // Another host of the same /24 too soon (a reconnect, not a queue), then after a minute, then another envelope.
        await h.AdvanceAsync(30 * S);
        await RefusedSessionAsync("192.0.2.11:40000", "a@trap.test");
        Assert.DoesNotContain(h.Sink.Latest(1)[0].Sins, s => s.Kind == SinKind.Retried);
        await h.AdvanceAsync(60 * S);
        await RefusedSessionAsync("192.0.2.12:40000", "a@trap.test");
        var retry = Assert.Single(h.Sink.Latest(1)[0].Sins, s => s.Kind == SinKind.Retried);
        Assert.Equal(-2, retry.Weight);
        await RefusedSessionAsync("192.0.2.12:40000", "other@trap.test");
        Assert.DoesNotContain(h.Sink.Latest(1)[0].Sins, s => s.Kind == SinKind.Retried);
        await h.AdvanceAsync(120 * S);
        await RefusedSessionAsync("192.0.3.12:40000", "a@trap.test");
        Assert.DoesNotContain(h.Sink.Latest(1)[0].Sins, s => s.Kind == SinKind.Retried);
    }

    /// <summary>A well-behaved session refused with 451 to DATA that quits at once.</summary>
    private async Task RefusedSessionAsync(string remote, string rcpt)
    {
        var (client, _) = await h.ConnectAsync(remote);
        await h.AnswerDnsblAsync(listed: false);
        await h.AdvanceAsync(6 * S);
        foreach (var line in new[] { "HELO mail.sender.example", "MAIL FROM:<x@sender.example>", $"RCPT TO:<{rcpt}>", "DATA", "QUIT" })
        {
            client.Type(line + "\r\n");
            await h.IdleAsync();
        }

        Assert.True(client.Closed);
    }

    [Fact]
    public async Task Client_that_hangs_up_after_451_commits_no_quit()
    {
        var client = await UnlistedClientRefusedAtDataAsync();
        client.Hangup();
        await h.IdleAsync();
        Assert.Contains(h.SingleVerdict().Sins, s => s.Kind == SinKind.NoQuit);
    }

    [Fact]
    public async Task Commands_sent_together_without_pipelining_offered_commit_pipelining()
    {
        var (client, _) = await h.ConnectAsync();
        await h.AnswerDnsblAsync(listed: false);
        await h.AdvanceAsync(6 * S);
        client.Type("EHLO a.example\r\nMAIL FROM:<x@a.example>\r\nRCPT TO:<y@trap.test>\r\n");
        await h.IdleAsync();
        Assert.Equal(["250 2.1.0 Ok", "250 2.1.5 Ok"], client.Lines.TakeLast(2));
        client.Type("QUIT\r\n");
        await h.IdleAsync();
        Assert.Contains(h.SingleVerdict().Sins, s => s.Kind == SinKind.Pipelining);
    }

    [Fact]
    public async Task Http_request_is_a_non_smtp_command_and_is_hung_up_on()
    {
        var (client, _) = await h.ConnectAsync();
        await h.AnswerDnsblAsync(listed: false);
        await h.AdvanceAsync(6 * S);
        client.Type("GET / HTTP/1.1\r\n");
        await h.IdleAsync();
        Assert.StartsWith("421", client.Lines[^1], StringComparison.Ordinal);
        Assert.True(client.Closed);
        var sin = Assert.Single(h.SingleVerdict().Sins, s => s.Kind == SinKind.NonSmtpCommand);
        Assert.Equal(3, sin.Weight);
    }

    [Fact]
    public async Task Bare_lf_and_a_helo_claiming_the_recipient_domain_are_sins()
    {
        var (client, _) = await h.ConnectAsync();
        await h.AnswerDnsblAsync(listed: false);
        await h.AdvanceAsync(6 * S);
        client.Type("HELO victim.example\n");
        await h.IdleAsync();
        client.Type("MAIL FROM:<x@victim.example>\r\n");
        await h.IdleAsync();
        client.Type("RCPT TO:<boss@victim.example>\r\n");
        await h.IdleAsync();
        client.Type("QUIT\r\n");
        await h.IdleAsync();
        var kinds = h.SingleVerdict().Sins.Select(s => s.Kind).ToList();
        Assert.Contains(SinKind.BareLf, kinds);
        Assert.Contains(SinKind.HeloRecipientDomain, kinds);
    }

    [Fact]
    public async Task Lookup_slower_than_the_greet_pause_still_holds_a_listed_client()
    {
        Use("actortrap.smtp.greet-pause=2s", "actortrap.dns.lookup-budget=5s");
        var (client, _) = await h.ConnectAsync();
        await h.AdvanceAsync(3 * S);
        Assert.Equal(["220-mx.trap.test ESMTP"], client.Lines); // no final 220 while the answer is out
        await h.AnswerDnsblAsync(listed: true);
        await h.AdvanceAsync(30 * S);
        Assert.DoesNotContain("220 mx.trap.test ESMTP", client.Lines);
        Assert.Equal(1, h.Gate.Held);
    }

    [Fact]
    public async Task Client_on_our_own_list_is_held_without_asking_dns()
    {
        h.Blacklist.List("192.0.2.66");
        var (client, _) = await h.ConnectAsync("192.0.2.66:5555");
        await h.AdvanceAsync(TimeSpan.FromMilliseconds(10));
        Assert.False(h.Resolver.HasMessages);
        Assert.Equal(1, h.Gate.Held);
        Assert.False(client.Closed);
    }

    [Fact]
    public async Task Listed_client_beyond_the_held_cap_is_shed_with_421()
    {
        Use("actortrap.smtp.max-held=1");
        h.Blacklist.List("192.0.2.66");
        var (first, _) = await h.ConnectAsync("192.0.2.66:1");
        var (second, _) = await h.ConnectAsync("192.0.2.66:2");
        Assert.False(first.Closed);
        Assert.True(second.Closed);
        Assert.StartsWith("421 4.3.2", second.Lines[^1], StringComparison.Ordinal);
        Assert.Equal(SessionOutcome.Shed, h.SingleVerdict().Outcome);
    }

    [Fact]
    public async Task Silent_client_is_sent_421_at_the_idle_timeout()
    {
        Use("actortrap.smtp.idle-timeout=30s");
        var (client, _) = await h.ConnectAsync();
        await h.AnswerDnsblAsync(listed: false);
        await h.AdvanceAsync(6 * S);
        await h.AdvanceAsync(29 * S);
        Assert.False(client.Closed);
        await h.AdvanceAsync(1 * S);
        Assert.StartsWith("421 4.4.2", client.Lines[^1], StringComparison.Ordinal);
        Assert.True(client.Closed);
    }

    [Fact]
    public async Task Stopping_the_hold_pool_sends_421_to_its_held_client_and_still_emits_its_verdict()
    {
        var (client, _) = await h.ConnectAsync();
        await h.AnswerDnsblAsync(listed: true);
        var watcher = h.Kit.CreateProbe();
        watcher.Watch(h.HoldPool);
        h.Kit.System.Stop(h.HoldPool);
        await watcher.ExpectTerminatedAsync(h.HoldPool);
        Assert.StartsWith("421 4.3.2", client.Lines[^1], StringComparison.Ordinal);
        Assert.True(client.Closed);
        Assert.Equal(SessionOutcome.Held, h.SingleVerdict().Outcome);
        Assert.Equal(0, h.Gate.Held);
    }

    [Fact]
    public async Task Held_client_costs_no_actor_its_session_hands_it_to_the_hold_pool_and_stops()
    {
        var (client, session) = await h.ConnectAsync();
        var watcher = h.Kit.CreateProbe();
        watcher.Watch(session);
        await h.AnswerDnsblAsync(listed: true);
        await watcher.ExpectTerminatedAsync(session);
        Assert.False(client.Closed);
        Assert.Same(ActorRefs.Nobody, client.Session); // nothing keeps the stopped session's cell alive
        Assert.Equal(1, h.Gate.Held);
        var held = Assert.Single(h.Registry.Snapshot());
        Assert.Equal(("holding", h.Start), (held.State, held.HeldSince));
        Assert.Empty(h.Sink.Latest()); // the verdict comes when the hold ends
    }

    [Fact]
    public async Task Trap_recipient_and_backup_mx_domain_are_sins()
    {
        Use("actortrap.smtp.traps.domains=[\"honey.test\"]", "actortrap.smtp.mx.backup-domains=[\"corp.test\"]");
        var (client, _) = await h.ConnectAsync();
        await h.AnswerDnsblAsync(listed: false);
        await h.AdvanceAsync(6 * S);
        foreach (var line in new[] { "HELO relay.example.net", "MAIL FROM:<>", "RCPT TO:<a@x.honey.test>", "RCPT TO:<b@corp.test>", "QUIT" })
        {
            client.Type(line + "\r\n");
            await h.IdleAsync();
        }

        var verdict = h.SingleVerdict();
        Assert.Contains(verdict.Sins, s => s.Kind == SinKind.TrapAddress && s.Weight == 5);
        Assert.Contains(verdict.Sins, s => s.Kind == SinKind.HighestMx && s.Detail == "corp.test");
    }

    [Fact]
    public async Task Byte_stutter_sends_one_byte_per_interval()
    {
        Use("actortrap.smtp.trickle=byte", "actortrap.smtp.trickle-interval=1s", "actortrap.smtp.hold-reply-time=1m");
        var (client, _) = await h.ConnectAsync();
        await h.AnswerDnsblAsync(listed: true);
        var before = client.Output.Length;
        await h.AdvanceAsync(5 * S);
        Assert.Equal(before + 5, client.Output.Length);
        Assert.Equal("220-m", client.Output[before..]);
    }

    [Fact]
    public async Task Client_flooding_more_than_64_KiB_is_cut_off()
    {
        var (client, _) = await h.ConnectAsync();
        await h.AnswerDnsblAsync(listed: false);
        await h.AdvanceAsync(6 * S);
        for (var i = 0; i < 70; i++)
        {
            client.Type(new byte[1024]);
            await h.IdleAsync();
        }

        Assert.True(client.Closed);
        Assert.True(h.SingleVerdict().BytesIn <= SessionActor.MaxBytesIn + 1024);
    }

    [Fact]
    public async Task Held_client_flooding_is_never_read_so_tcp_flow_control_stalls_it()
    {
        Use("actortrap.smtp.trickle-interval=10s");
        var (client, _) = await h.ConnectAsync();
        await h.AnswerDnsblAsync(listed: true);
        client.Type(new byte[100 * 1024]);
        await h.AdvanceAsync(60 * S);
        Assert.False(client.Closed);
        Assert.Equal(0, Assert.Single(h.Registry.Snapshot()).BytesIn); // left in its receive buffer: its window closes
        Assert.Equal(0, client.ReadRequests);
        Assert.Equal(4096, client.ReceiveBufferLimit); // a small window, as spamd's -w
    }

    [Fact]
    public async Task Trusted_proxy_header_names_the_client_the_session_judges()
    {
        var (client, _) = await h.ConnectAsync("10.0.0.5:999", proxied: true);
        client.Type("PROXY TCP4 203.0.113.9 192.0.2.1 51000 25\r\n");
        await h.IdleAsync();
        var check = await h.Resolver.ExpectMsgAsync<ActorTrap.Node.Resolver.CheckClient>();
        Assert.Equal("203.0.113.9", check.Client.ToString());
        Assert.Equal(1, h.Gate.ConnectionsFrom(check.Client));
    }

    [Fact]
    public async Task Trusted_proxy_without_a_valid_header_is_closed_without_a_verdict()
    {
        var (client, _) = await h.ConnectAsync("10.0.0.5:999", proxied: true);
        client.Type("EHLO not-a-proxy-header\r\n");
        await h.IdleAsync();
        Assert.True(client.Closed);
        Assert.Empty(h.Sink.Latest());
    }

    [Fact]
    public async Task Trusted_proxy_that_sends_nothing_is_closed_at_the_proxy_timeout()
    {
        var (client, _) = await h.ConnectAsync("10.0.0.5:999", proxied: true);
        await h.AdvanceAsync(4.9 * S);
        Assert.False(client.Closed);
        await h.AdvanceAsync(0.1 * S);
        Assert.True(client.Closed);
    }

    /// <summary>An unlisted client that has been greeted, sent HELO, MAIL, RCPT and DATA, and got the 451.</summary>
    private async Task<ScriptedConnection> UnlistedClientRefusedAtDataAsync()
    {
        var (client, _) = await h.ConnectAsync();
        await h.AnswerDnsblAsync(listed: false);
        await h.AdvanceAsync(6 * S);
        foreach (var line in new[] { "HELO spam.example", "MAIL FROM:<x@y.example>", "RCPT TO:<a@trap.test>", "DATA" })
        {
            client.Type(line + "\r\n");
            await h.IdleAsync();
        }

        Assert.StartsWith("451 4.7.1", client.Lines[^1], StringComparison.Ordinal);
        return client;
    }

    public async ValueTask DisposeAsync() => await h.DisposeAsync();
}

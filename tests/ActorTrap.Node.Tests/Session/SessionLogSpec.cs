using System.Net;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Session;
using ActorTrap.Node.Tests.Support;
using ActorTrap.TestPeers;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Tests.Session;

/// <summary>Issue 17: one line per finished session (event 1010), escaped, and rate-limited under a flood (event 1011).</summary>
public sealed class SessionLogSpec : IAsyncDisposable
{
    private static readonly TimeSpan S = TimeSpan.FromSeconds(1);
    private SessionHarness h = new();

    [Fact]
    public async Task Issue17_a_finished_session_logs_one_line_with_client_outcome_duration_score_sins_and_escaped_helo()
    {
        var (client, _) = await h.ConnectAsync("198.51.100.7:1234");
        await h.AnswerDnsblAsync(listed: false);
        await h.AdvanceAsync(6 * S);
        // A HELO name is the client's text: a quote or a backslash must not reach the log as such.
        client.Type("EHLO evil\"<x>+\\\r\n");
        await h.IdleAsync();
        client.Type("QUIT\r\n");
        await h.IdleAsync();
        Assert.True(client.Closed);

        var line = Assert.Single(h.Logs.Entries, e => e.EventId == 1010);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Equal(SessionLog.Category, line.Category);
        Assert.Equal("198.51.100.7", line.Fields["Client"]);
        Assert.Equal("observed", line.Fields["Outcome"]);
        Assert.Equal(h.SingleVerdict().Duration.TotalSeconds, (double)line.Fields["Seconds"]!, 3);
        Assert.Equal(h.SingleVerdict().Score, (double)line.Fields["Score"]!, 3);
        Assert.Equal(string.Join(' ', h.SingleVerdict().Sins.Select(s => s.Kind.WireName())), line.Fields["Sins"]);
        Assert.Equal(@"evil\""<x>+\\", line.Fields["Helo"]);
        var message = Assert.Single(h.Logs.Messages(1010));
        Assert.StartsWith("Session 198.51.100.7 observed after 6", message, StringComparison.Ordinal);
        Assert.Contains(@"helo ""evil\""<x>+\\""", message, StringComparison.Ordinal);
        Assert.DoesNotContain(message, c => c < ' ');
    }

    [Fact]
    public void Issue17_control_characters_and_non_ascii_in_a_helo_are_escaped_and_a_long_one_cut()
    {
        // A held client's HELO is read raw by its pool (no SMTP syntax check): CR, LF, ESC and Latin-1 bytes can be in it.
        var logs = new LogCapture();
        using var log = new SessionLog(logs.CreateLogger(SessionLog.Category), new SessionLogOptions(true, LogLevel.Information, 50), TimeProvider.System);
        log.Ended(Verdict("192.0.2.1") with { Helo = "a\r\nFAKE LINE\u001b[2J\u00e9" + new string('x', 200) });

        var helo = (string)Assert.Single(logs.Entries).Fields["Helo"]!;
        Assert.StartsWith(@"a\r\nFAKE LINE\x1b[2J\xe9xxx", helo, StringComparison.Ordinal);
        Assert.EndsWith("...", helo, StringComparison.Ordinal);
        Assert.True(helo.Length <= SessionLog.MaxHelo + 3);
        Assert.DoesNotContain(Assert.Single(logs.Messages(1010)), c => c < ' ' || c > '~');
    }

    [Fact]
    public async Task Issue17_a_session_without_helo_says_none_and_a_held_one_is_logged_by_its_pool()
    {
        Use("actortrap.smtp.hold=1m", "actortrap.smtp.trickle-interval=10s");
        var (client, _) = await h.ConnectAsync("203.0.113.9:1000");
        await h.AnswerDnsblAsync(listed: true);
        client.Hangup();
        await h.AdvanceAsync(10 * S);
        var line = Assert.Single(h.Logs.Entries, e => e.EventId == 1010);
        Assert.Equal("held", line.Fields["Outcome"]);
        Assert.Equal("(none)", line.Fields["Helo"]);
        Assert.Contains("dnsbl", (string)line.Fields["Sins"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue17_session_lines_can_be_turned_off_and_their_level_set()
    {
        var off = new LogCapture();
        using var none = new SessionLog(off.CreateLogger(SessionLog.Category), new SessionLogOptions(false, LogLevel.Information, 50), TimeProvider.System);
        none.Ended(Verdict("192.0.2.1"));
        Assert.Empty(off.Lines);

        Use("actortrap.log.sessions.level=warning");
        var (client, _) = await h.ConnectAsync();
        await h.AnswerDnsblAsync(listed: false);
        client.Hangup();
        await h.AdvanceAsync(6 * S); // read again once the greeting is out
        Assert.Equal(LogLevel.Warning, Assert.Single(h.Logs.Entries, e => e.EventId == 1010).Level);
    }

    [Fact]
    public void Issue17_a_flood_is_cut_to_max_per_second_with_one_summary_a_second_on_virtual_time()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
        var logs = new LogCapture();
        using var log = new SessionLog(logs.CreateLogger(SessionLog.Category), new SessionLogOptions(true, LogLevel.Information, 5), clock);

        // 1000 sessions a second for 3 seconds, then quiet.
        for (var second = 0; second < 3; second++)
        {
            for (var i = 0; i < 1000; i++)
            {
                log.Ended(Verdict($"192.0.2.{i % 250}"));
                clock.Advance(TimeSpan.FromMilliseconds(1));
            }
        }

        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(15, logs.Messages(1010).Count);
        var summaries = logs.Entries.Where(e => e.EventId == 1011).ToList();
        Assert.Equal(3, summaries.Count);
        Assert.All(summaries, e => Assert.Equal(995L, e.Fields["Suppressed"]));
        Assert.Equal(2985, log.Suppressed);
        Assert.Contains("995 session lines left out in the last", logs.Messages(1011)[0], StringComparison.Ordinal);

        // Once quiet, lines flow again and no timer is left armed.
        log.Ended(Verdict("192.0.2.1"));
        Assert.Equal(16, logs.Messages(1010).Count);
        Assert.Equal(0, clock.ArmedTimers);
    }

    private static Verdict Verdict(string client) => new(IPAddress.Parse(client), "node-a", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(1),
        SessionMode.Observe, SessionOutcome.Dropped, null, [], 0, null, null, [], false, 0, 0);

    private void Use(params string[] overrides)
    {
        var old = h;
        h = new SessionHarness(overrides);
        old.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    public async ValueTask DisposeAsync() => await h.DisposeAsync();
}

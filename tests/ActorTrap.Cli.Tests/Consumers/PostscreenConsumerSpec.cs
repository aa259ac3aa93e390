using System.Text.RegularExpressions;

namespace ActorTrap.Cli.Tests.Consumers;

/// <summary>
/// A real consumer of our DNSBL (issue 6): Postfix postscreen with <c>postscreen_dnsbl_sites = ZONE=127.0.0.[2..4]*2</c>
/// and threshold 2 asks ActorTrap's built-in responder through unbound. 127.0.0.9 wrote to a trap address at the
/// ActorTrap node and was listed; 127.0.0.10 behaved and was not. See <c>postscreen-netns.sh</c> and
/// docs/postscreen.md for the set-up.
/// </summary>
public sealed class PostscreenConsumerSpec : IClassFixture<PostscreenConsumerRun>
{
    private const string Zone = PostscreenConsumerRun.Zone;
    private readonly PostscreenConsumerRun run;

    public PostscreenConsumerSpec(PostscreenConsumerRun run)
    {
        this.run = run;
    }

    [Fact]
    public void Harvester_that_wrote_to_a_trap_address_is_listed_with_the_trap_code_as_unbound_sees_it()
    {
        var answer = run.Read("dig-unbound-9.txt");
        Has(answer, "status: NOERROR");
        Matches(answer, $@"(?m)^9\.0\.0\.127\.{Regex.Escape(Zone)}\.\s+\d+\s+IN\s+A\s+127\.0\.0\.3$");
        Has(run.Read("dig-unbound-9-txt.txt"), "127.0.0.9 listed by ActorTrap (trap)");
        Has(run.Read("actortrap.log"), "Listed 127.0.0.9 (Trap");
    }

    [Fact]
    public void Well_behaved_sender_is_not_listed_so_unbound_answers_nxdomain()
    {
        Has(run.Read("trap-unlisted.swaks"), "<** 451 4.7.1");
        Has(run.Read("dig-responder-10.txt"), "status: NXDOMAIN");
        Has(run.Read("dig-unbound-10.txt"), "status: NXDOMAIN");
        Lacks(run.Read("actortrap.log"), "Listed 127.0.0.10 ");
    }

    [Fact]
    public void Postscreen_refuses_the_client_actortrap_listed_with_its_dnsbl_reply()
    {
        Has(run.Read("postscreen-9.swaks"), $"<** 550 5.7.1 Service unavailable; client [127.0.0.9] blocked using {Zone}");
        var log = run.Maillog;
        Has(log, $"addr 127.0.0.9 listed by domain {Zone} as 127.0.0.3");
        Matches(log, @"postfix/postscreen\[\d+\]: DNSBL rank 2 for \[127\.0\.0\.9\]");
        // Refused by postscreen itself: the client never reached a real smtpd.
        Lacks(log, "PASS NEW [127.0.0.9]");
        Lacks(log, "[127.0.0.9]", only: "postfix/smtpd");
    }

    [Fact]
    public void Postscreen_passes_the_client_actortrap_did_not_list_to_smtpd()
    {
        var transcript = run.Read("postscreen-10.swaks");
        Lacks(transcript, "blocked using");
        Has(transcript, " -> RCPT TO:<someone@elsewhere.example>\n<-  250 2.1.5 Ok");
        var log = run.Maillog;
        Has(log, "PASS NEW [127.0.0.10]");
        Lacks(log, "DNSBL rank", only: "[127.0.0.10]");
        Matches(log, @"postfix/smtpd\[\d+\]: connect from \S*\[127\.0\.0\.10\]");
    }

    private void Has(string text, string expected) =>
        Assert.True(text.Contains(expected, StringComparison.Ordinal), $"expected \"{expected}\" in:\n{text}\n\n{run.Evidence}");

    private void Matches(string text, string pattern) =>
        Assert.True(Regex.IsMatch(text, pattern), $"expected /{pattern}/ in:\n{text}\n\n{run.Evidence}");

    /// <summary>No line (or no line containing <paramref name="only"/>) has <paramref name="unexpected"/>.</summary>
    private void Lacks(string text, string unexpected, string? only = null)
    {
        var offending = text.Split('\n').FirstOrDefault(l => (only is null || l.Contains(only, StringComparison.Ordinal)) && l.Contains(unexpected, StringComparison.Ordinal));
        Assert.True(offending is null, $"unexpected \"{unexpected}\" in: {offending}\n\n{run.Evidence}");
    }
}

using ActorTrap.Smtp.Dialogue;
using ActorTrap.Smtp.Replies;

namespace ActorTrap.Smtp.Tests.Dialogue;

public sealed class ObserveTranscriptSpec
{
    private static readonly SmtpServerReplies Replies = new("trap.example");

    private static SmtpDialogue NewDialogue(int maxErrors = 20, int maxCommands = 100, bool closeOnNonSmtp = true) =>
        new(new SmtpDialogueOptions(Replies, SmtpPolicy.Observe)
        {
            MaxErrors = maxErrors,
            MaxCommands = maxCommands,
            CloseOnNonSmtp = closeOnNonSmtp,
        });

    [Fact]
    public void A_well_behaved_client_gets_451_to_DATA_and_221_to_QUIT()
    {
        var dialogue = NewDialogue();

        var results = Transcript.Run(dialogue, """
            C: EHLO client.example.org
            S: 250-trap.example
            S: 250-SIZE 10240000
            S: 250-ENHANCEDSTATUSCODES
            S: 250 8BITMIME
            C: MAIL FROM:<sender@Example.ORG> SIZE=2048
            S: 250 2.1.0 Ok
            C: RCPT TO:<victim@Target.example>
            S: 250 2.1.5 Ok
            C: RCPT TO:<other@target.example>
            S: 250 2.1.5 Ok
            C: RCPT TO:<boss@second.example>
            S: 250 2.1.5 Ok
            C: DATA
            S: 451 4.7.1 Service temporarily unavailable, try again later
            C: QUIT
            S: 221 2.0.0 trap.example closing connection
            == closed
            """);

        Assert.Equal("client.example.org", dialogue.Helo);
        Assert.False(dialogue.HeloChanged);
        Assert.Equal("sender@example.org", dialogue.MailFrom!.Address);
        Assert.Equal(["target.example", "second.example"], dialogue.RecipientDomains);
        Assert.Equal(3, dialogue.Recipients);
        Assert.True(dialogue.DataRefused);
        Assert.True(dialogue.QuitReceived);
        Assert.Equal(0, dialogue.Errors);
        Assert.True(dialogue.IsClosed);
        Assert.Equal(SmtpEvents.Helo, results[0].Events);
        Assert.Equal(SmtpEvents.MailFrom, results[1].Events);
        Assert.Equal(SmtpEvents.Recipient, results[2].Events);
        Assert.Equal(SmtpEvents.DataRefused, results[5].Events);
        Assert.Equal(SmtpEvents.Quit, results[6].Events);
    }

    [Fact]
    public void HELO_gets_a_one_line_reply_and_the_null_sender_is_accepted()
    {
        Transcript.Run(NewDialogue(), """
            C: HELO client.example.org
            S: 250 trap.example
            C: MAIL FROM:<>
            S: 250 2.1.0 Ok
            C: RCPT TO:<postmaster>
            S: 250 2.1.5 Ok
            """);
    }

    [Fact]
    public void Commands_out_of_order_get_503()
    {
        var dialogue = NewDialogue();

        var results = Transcript.Run(dialogue, """
            C: MAIL FROM:<a@b.example>
            S: 503 5.5.1 Error: send HELO/EHLO first
            C: RCPT TO:<a@b.example>
            S: 503 5.5.1 Error: need MAIL command
            C: DATA
            S: 503 5.5.1 Error: need RCPT command
            C: HELO client.example
            S: 250 trap.example
            C: RCPT TO:<a@b.example>
            S: 503 5.5.1 Error: need MAIL command
            C: DATA
            S: 503 5.5.1 Error: need RCPT command
            C: MAIL FROM:<a@b.example>
            S: 250 2.1.0 Ok
            C: MAIL FROM:<a@b.example>
            S: 503 5.5.1 Error: nested MAIL command
            C: DATA
            S: 503 5.5.1 Error: need RCPT command
            """);

        Assert.Equal(7, dialogue.Errors);
        Assert.All(results.Where(r => r.Reply.Code == 503), r => Assert.Equal(SmtpEvents.OutOfOrder, r.Events));
        Assert.Equal(SmtpDialogueState.Mail, dialogue.State);
    }

    [Fact]
    public void RSET_and_a_new_HELO_clear_the_transaction()
    {
        var dialogue = NewDialogue();

        Transcript.Run(dialogue, """
            C: EHLO client.example
            S: 250-trap.example
            S: 250-SIZE 10240000
            S: 250-ENHANCEDSTATUSCODES
            S: 250 8BITMIME
            C: MAIL FROM:<a@b.example>
            S: 250 2.1.0 Ok
            C: RSET
            S: 250 2.0.0 Ok
            C: RCPT TO:<a@b.example>
            S: 503 5.5.1 Error: need MAIL command
            C: MAIL FROM:<a@b.example>
            S: 250 2.1.0 Ok
            C: RCPT TO:<x@y.example>
            S: 250 2.1.5 Ok
            C: HELO client.example
            S: 250 trap.example
            C: DATA
            S: 503 5.5.1 Error: need RCPT command
            """);

        Assert.Equal(SmtpDialogueState.Greeted, dialogue.State);
    }

    [Fact]
    public void After_DATA_is_refused_only_QUIT_RSET_and_NOOP_make_sense_and_nothing_gets_a_5xx_that_would_bounce_mail()
    {
        var dialogue = NewDialogue();

        Transcript.Run(dialogue, """
            C: HELO client.example
            S: 250 trap.example
            C: MAIL FROM:<a@b.example>
            S: 250 2.1.0 Ok
            C: RCPT TO:<c@d.example>
            S: 250 2.1.5 Ok
            C: DATA
            S: 451 4.7.1 Service temporarily unavailable, try again later
            C: RSET
            S: 250 2.0.0 Ok
            C: NOOP
            S: 250 2.0.0 Ok
            C: MAIL FROM:<a@b.example>
            S: 451 4.7.1 Service temporarily unavailable, try again later
            C: RCPT TO:<c@d.example>
            S: 451 4.7.1 Service temporarily unavailable, try again later
            C: DATA
            S: 451 4.7.1 Service temporarily unavailable, try again later
            C: EHLO client.example
            S: 451 4.7.1 Service temporarily unavailable, try again later
            C: VRFY someone
            S: 252 2.0.0 Cannot verify user; try RCPT to attempt delivery
            C: QUIT
            S: 221 2.0.0 trap.example closing connection
            == closed
            """);

        Assert.Equal(1, dialogue.Recipients);
    }

    [Fact]
    public void Commands_not_offered_get_502_and_unknown_ones_500()
    {
        var dialogue = NewDialogue();

        var results = Transcript.Run(dialogue, """
            C: STARTTLS
            S: 502 5.5.1 Error: command not implemented
            C: AUTH LOGIN
            S: 502 5.5.1 Error: command not implemented
            C: BDAT 100 LAST
            S: 502 5.5.1 Error: command not implemented
            C: EXPN staff
            S: 502 5.5.1 Error: command not implemented
            C: HELP
            S: 502 5.5.1 Error: command not implemented
            C: XCLIENT ADDR=1.2.3.4
            S: 500 5.5.2 Error: command not recognized
            C: VRFY root
            S: 252 2.0.0 Cannot verify user; try RCPT to attempt delivery
            """);

        Assert.Equal(SmtpEvents.NotImplemented, results[0].Events);
        Assert.Equal(SmtpEvents.UnknownCommand, results[5].Events);
        Assert.Equal(6, dialogue.Errors);
    }

    [Fact]
    public void Syntax_errors_get_the_parsers_501_and_leave_the_state_alone()
    {
        var dialogue = NewDialogue();

        var results = Transcript.Run(dialogue, """
            C: HELO
            S: 501 5.5.4 Syntax: HELO hostname
            C: EHLO client.example
            S: 250-trap.example
            S: 250-SIZE 10240000
            S: 250-ENHANCEDSTATUSCODES
            S: 250 8BITMIME
            C: MAIL FROM:<broken
            S: 501 5.1.7 Bad sender address syntax
            C: MAIL FROM:<ok@example.com>
            S: 250 2.1.0 Ok
            C: RCPT TO:<>
            S: 501 5.1.3 Bad recipient address syntax
            C: DATA
            S: 503 5.5.1 Error: need RCPT command
            """);

        Assert.Equal(SmtpEvents.SyntaxError, results[0].Events);
        Assert.Equal(SmtpDialogueState.Mail, dialogue.State);
    }

    [Fact]
    public void A_non_SMTP_command_is_reported_and_hung_up_on()
    {
        var dialogue = NewDialogue();

        var results = Transcript.Run(dialogue, """
            C: GET / HTTP/1.1
            S: 421 4.7.0 trap.example Error: not an SMTP client
            == closed
            """);

        Assert.Equal(SmtpEvents.NonSmtpCommand, results[0].Events);
        Assert.Equal(ActorTrap.Smtp.Commands.NonSmtpKind.HttpRequest, results[0].Command!.NonSmtpKind);
        Assert.True(dialogue.IsClosed);
    }

    [Fact]
    public void A_non_SMTP_command_gets_500_when_the_session_is_set_to_carry_on()
    {
        var results = Transcript.Run(NewDialogue(closeOnNonSmtp: false), """
            C: CONNECT 203.0.113.9:25 HTTP/1.0
            S: 500 5.5.2 Error: command not recognized
            C: User-Agent: curl/8.0
            S: 500 5.5.2 Error: command not recognized
            C: HELO client.example
            S: 250 trap.example
            """);

        Assert.Equal(SmtpEvents.NonSmtpCommand, results[1].Events);
    }

    [Fact]
    public void Bare_LF_line_endings_are_reported_with_the_reply_as_usual()
    {
        var results = Transcript.Run(NewDialogue(), """
            C\n: HELO client.example
            S: 250 trap.example
            C: NOOP
            S: 250 2.0.0 Ok
            """);

        Assert.Equal(SmtpEvents.Helo | SmtpEvents.BareLf, results[0].Events);
        Assert.Equal(SmtpEvents.None, results[1].Events);
    }

    [Fact]
    public void A_HELO_name_that_changes_is_reported_and_the_first_is_kept()
    {
        var dialogue = NewDialogue();

        var results = Transcript.Run(dialogue, """
            C: HELO first.example
            S: 250 trap.example
            C: EHLO FIRST.example
            S: 250-trap.example
            S: 250-SIZE 10240000
            S: 250-ENHANCEDSTATUSCODES
            S: 250 8BITMIME
            C: HELO second.example
            S: 250 trap.example
            """);

        Assert.Equal(SmtpEvents.Helo, results[1].Events);
        Assert.Equal(SmtpEvents.Helo | SmtpEvents.HeloChanged, results[2].Events);
        Assert.True(dialogue.HeloChanged);
        Assert.Equal("first.example", dialogue.Helo);
        Assert.Equal(["first.example", "second.example"], dialogue.HeloNames); // issue 16: both are judged
    }

    [Fact]
    public void An_overlong_line_gets_500_and_the_dialogue_continues()
    {
        var results = Transcript.Run(NewDialogue(), $"""
            C: HELO {new string('a', 600)}
            S: 500 5.5.2 Error: line too long
            C: HELO client.example
            S: 250 trap.example
            """);

        Assert.Equal(SmtpEvents.LineTooLong, results[0].Events);
        Assert.Null(results[0].Command);
    }

    [Fact]
    public void The_error_limit_ends_the_session_with_421()
    {
        var dialogue = NewDialogue(maxErrors: 3);

        var results = Transcript.Run(dialogue, """
            C: FOO
            S: 500 5.5.2 Error: command not recognized
            C: DATA
            S: 503 5.5.1 Error: need RCPT command
            C: BAR
            S: 421 4.7.0 trap.example Error: too many errors
            == closed
            """);

        Assert.Equal(SmtpEvents.UnknownCommand | SmtpEvents.TooManyErrors, results[2].Events);
        Assert.True(dialogue.IsClosed);
    }

    [Fact]
    public void The_command_limit_ends_the_session_with_421()
    {
        var dialogue = NewDialogue(maxCommands: 3);

        var results = Transcript.Run(dialogue, """
            C: NOOP
            S: 250 2.0.0 Ok
            C: NOOP
            S: 250 2.0.0 Ok
            C: NOOP
            S: 250 2.0.0 Ok
            C: NOOP
            S: 421 4.7.0 trap.example Error: too many commands
            == closed
            """);

        Assert.Equal(SmtpEvents.TooManyCommands, results[3].Events);
    }

    [Fact]
    public void QUIT_at_the_command_limit_still_gets_221()
    {
        var dialogue = NewDialogue(maxCommands: 1);

        Transcript.Run(dialogue, """
            C: NOOP
            S: 250 2.0.0 Ok
            C: QUIT
            S: 221 2.0.0 trap.example closing connection
            == closed
            """);

        Assert.True(dialogue.QuitReceived);
    }

    [Fact]
    public void Lines_after_the_close_get_421_and_change_nothing()
    {
        var dialogue = NewDialogue();
        Transcript.Run(dialogue, """
            C: QUIT
            S: 221 2.0.0 trap.example closing connection
            == closed
            """);

        var results = Transcript.Run(dialogue, """
            C: HELO late.example
            S: 421 4.3.2 trap.example Service not available, closing transmission channel
            == closed
            """);

        Assert.Null(dialogue.Helo);
        Assert.Equal(SmtpEvents.None, results[0].Events);
        Assert.Equal(SmtpDialogueState.Closed, dialogue.State);
    }

    [Fact]
    public void Only_a_few_recipient_domains_are_kept()
    {
        var dialogue = new SmtpDialogue(new SmtpDialogueOptions(Replies, SmtpPolicy.Observe) { MaxRecipientDomains = 2 });
        Transcript.Run(dialogue, """
            C: HELO c.example
            S: 250 trap.example
            C: MAIL FROM:<>
            S: 250 2.1.0 Ok
            C: RCPT TO:<a@one.example>
            S: 250 2.1.5 Ok
            C: RCPT TO:<b@ONE.example>
            S: 250 2.1.5 Ok
            C: RCPT TO:<c@two.example>
            S: 250 2.1.5 Ok
            C: RCPT TO:<d@three.example>
            S: 250 2.1.5 Ok
            """);

        Assert.Equal(["one.example", "two.example"], dialogue.RecipientDomains);
        Assert.Equal(4, dialogue.Recipients);
    }

    [Fact]
    public void Limits_below_one_are_refused_when_the_options_are_built()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SmtpDialogueOptions(Replies, SmtpPolicy.Observe) { MaxErrors = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new SmtpDialogueOptions(Replies, SmtpPolicy.Observe) { MaxCommands = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new SmtpDialogueOptions(Replies, SmtpPolicy.Observe) { MaxRecipientDomains = -1 });
    }
}

using ActorTrap.Smtp.Dialogue;
using ActorTrap.Smtp.Replies;

namespace ActorTrap.Smtp.Tests.Dialogue;

public sealed class TarpitTranscriptSpec
{
    private const string Later = "451 4.7.1 Service temporarily unavailable, try again later";

    private static SmtpDialogue NewDialogue(int maxErrors = 20, int maxCommands = 100) =>
        new(new SmtpDialogueOptions(new SmtpServerReplies("trap.example"), SmtpPolicy.Tarpit)
        {
            MaxErrors = maxErrors,
            MaxCommands = maxCommands,
            CloseOnNonSmtp = false,
        });

    [Fact]
    public void Every_command_gets_451_and_QUIT_gets_221()
    {
        var dialogue = NewDialogue();

        var results = Transcript.Run(dialogue, $"""
            C: EHLO bot.example
            S: {Later}
            C: MAIL FROM:<spam@bot.example>
            S: {Later}
            C: RCPT TO:<victim@target.example>
            S: {Later}
            C: DATA
            S: {Later}
            C: BDAT 10 LAST
            S: {Later}
            C: NOOP
            S: {Later}
            C: RSET
            S: {Later}
            C: STARTTLS
            S: {Later}
            C: QUIT
            S: 221 2.0.0 trap.example closing connection
            == closed
            """);

        Assert.Equal("bot.example", dialogue.Helo);
        Assert.Equal("spam@bot.example", dialogue.MailFrom!.Address);
        Assert.Equal(["target.example"], dialogue.RecipientDomains);
        Assert.True(dialogue.QuitReceived);
        Assert.Equal(SmtpEvents.DataRefused, results[3].Events);
        Assert.Equal(0, dialogue.Errors);
    }

    [Fact]
    public void Errors_get_451_too_but_are_still_reported_and_counted()
    {
        var dialogue = NewDialogue(maxErrors: 4);

        var results = Transcript.Run(dialogue, $"""
            C: HELO
            S: {Later}
            C: FOO
            S: {Later}
            C: GET / HTTP/1.0
            S: {Later}
            C: MAIL FROM:<{new string('x', 600)}@a.example>
            S: 421 4.7.0 trap.example Error: too many errors
            == closed
            """);

        Assert.Equal(SmtpEvents.SyntaxError, results[0].Events);
        Assert.Equal(SmtpEvents.UnknownCommand, results[1].Events);
        Assert.Equal(SmtpEvents.NonSmtpCommand, results[2].Events);
        Assert.Equal(SmtpEvents.LineTooLong | SmtpEvents.TooManyErrors, results[3].Events);
    }

    [Fact]
    public void A_client_that_loops_is_cut_off_at_the_command_limit()
    {
        var dialogue = NewDialogue(maxCommands: 2);

        Transcript.Run(dialogue, $"""
            C: HELO a.example
            S: {Later}
            C: HELO b.example
            S: {Later}
            C: HELO c.example
            S: 421 4.7.0 trap.example Error: too many commands
            == closed
            """);

        Assert.True(dialogue.HeloChanged);
    }
}

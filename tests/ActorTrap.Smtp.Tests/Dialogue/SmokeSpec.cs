using System.Text;
using ActorTrap.Smtp.Dialogue;
using ActorTrap.Smtp.Framing;
using ActorTrap.Smtp.Replies;

namespace ActorTrap.Smtp.Tests.Dialogue;

public sealed class SmokeSpec
{
    [Fact]
    public void Observe_dialogue_refuses_DATA_with_451_and_closes_on_QUIT()
    {
        var dialogue = new SmtpDialogue(new SmtpDialogueOptions(new SmtpServerReplies("trap.example"), SmtpPolicy.Observe));
        using var framer = new SmtpLineFramer();
        ReadOnlySpan<byte> input = "EHLO a.example\r\nMAIL FROM:<a@a.example>\r\nRCPT TO:<b@b.example>\r\nDATA\r\nQUIT\r\n"u8;
        var replies = new List<string>();
        while (framer.Read(ref input, out var line, out var ending) == SmtpLineStatus.Line)
        {
            replies.Add(dialogue.OnLine(line, ending).Reply.ToString());
        }

        Assert.Equal(["250-trap.example\r\n250-SIZE 10240000\r\n250-ENHANCEDSTATUSCODES\r\n250 8BITMIME", "250 2.1.0 Ok", "250 2.1.5 Ok",
            "451 4.7.1 Service temporarily unavailable, try again later", "221 2.0.0 trap.example closing connection"], replies);
        Assert.True(dialogue.IsClosed);
        Assert.Equal(["b.example"], dialogue.RecipientDomains);
    }
}

using System.Text;
using ActorTrap.Smtp.Replies;

namespace ActorTrap.Smtp.Tests.Replies;

public sealed class SmtpReplySpec
{
    [Fact]
    public void A_one_line_reply_is_code_space_status_text_CRLF()
    {
        var reply = new SmtpReply(451, "4.7.1", "Try again later");

        Assert.Equal("451 4.7.1 Try again later\r\n", Wire(reply));
        Assert.Equal(1, reply.LineCount);
        Assert.True(reply.IsTransientFailure);
    }

    [Fact]
    public void Every_line_but_the_last_has_a_hyphen_after_the_code_and_each_repeats_the_status()
    {
        var reply = new SmtpReply(421, "4.7.0", "first", "second", "last");

        Assert.Equal("421-4.7.0 first\r\n421-4.7.0 second\r\n421 4.7.0 last\r\n", Wire(reply));
    }

    [Fact]
    public void Each_line_can_be_sent_on_its_own_for_trickling()
    {
        var reply = new SmtpReply(220, null, "trap.example ESMTP", "wait", "ready");

        var lines = Enumerable.Range(0, reply.LineCount).Select(i => Encoding.ASCII.GetString(reply.GetLineBytes(i).Span)).ToArray();

        Assert.Equal(["220-trap.example ESMTP\r\n", "220-wait\r\n", "220 ready\r\n"], lines);
        Assert.Equal(Wire(reply), string.Concat(lines));
    }

    [Fact]
    public void Attacker_bytes_in_text_are_replaced_so_a_reply_cannot_be_split_or_carry_controls()
    {
        var reply = new SmtpReply(250, null, "hello evil\r\n250 injected\u0000\u001b[2J\u00e9");

        Assert.Equal("250 hello evil??250 injected??[2J?\r\n", Wire(reply));
        Assert.Equal("hello evil??250 injected??[2J?", reply.Lines[0]);
    }

    [Fact]
    public void A_line_too_long_for_512_bytes_is_cut()
    {
        var reply = new SmtpReply(250, "2.0.0", new string('x', 1000));

        Assert.Equal(SmtpReply.MaxLineBytes, reply.Bytes.Length);
        Assert.EndsWith("xx\r\n", Wire(reply), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_text_renders_as_the_code_alone()
    {
        Assert.Equal("250 \r\n", Wire(new SmtpReply(250, null, "")));
        Assert.Equal("250 2.0.0\r\n", Wire(new SmtpReply(250, "2.0.0", "")));
    }

    [Theory]
    [InlineData(199, null)]
    [InlineData(600, null)]
    [InlineData(451, "5.7.1")]
    [InlineData(250, "2.0")]
    [InlineData(250, "3.0.0")]
    [InlineData(250, "2.00.0")]
    [InlineData(250, "2.0.1000")]
    [InlineData(250, "2.a.0")]
    public void Malformed_codes_are_programming_errors(int code, string? status)
    {
        Assert.ThrowsAny<ArgumentException>(() => new SmtpReply(code, status, "x"));
    }

    [Fact]
    public void A_reply_needs_a_line()
    {
        Assert.Throws<ArgumentException>(() => new SmtpReply(250, null));
    }

    [Fact]
    public void Every_shared_reply_is_well_formed_and_ends_in_CRLF()
    {
        var replies = new SmtpServerReplies("trap.example");
        foreach (var id in Enum.GetValues<SmtpReplyId>())
        {
            AssertWellFormed(replies[id]);
        }

        AssertWellFormed(replies.Greeting);
        Assert.Equal("220-trap.example ESMTP\r\n", Encoding.ASCII.GetString(replies.GreetingFirstLine.Span));
        Assert.Equal("220-Please wait\r\n", Encoding.ASCII.GetString(replies.GreetingWaitLine.Span));
        Assert.Equal("220 trap.example ESMTP\r\n", Wire(replies.Greeting));
    }

    [Fact]
    public void The_EHLO_reply_never_offers_pipelining_chunking_starttls_or_auth()
    {
        var ehlo = Wire(new SmtpServerReplies("trap.example")[SmtpReplyId.Ehlo]);

        Assert.Equal("250-trap.example\r\n250-SIZE 10240000\r\n250-ENHANCEDSTATUSCODES\r\n250 8BITMIME\r\n", ehlo);
        foreach (var keyword in new[] { "PIPELINING", "CHUNKING", "STARTTLS", "AUTH", "SMTPUTF8" })
        {
            Assert.DoesNotContain(keyword, ehlo, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Replies_that_name_the_host_name_it_first()
    {
        var replies = new SmtpServerReplies("mx9.trap.example");

        Assert.StartsWith("221 2.0.0 mx9.trap.example ", Wire(replies[SmtpReplyId.Closing]), StringComparison.Ordinal);
        Assert.StartsWith("421 4.7.0 mx9.trap.example ", Wire(replies[SmtpReplyId.TooManyErrors]), StringComparison.Ordinal);
        Assert.StartsWith("421 4.3.2 mx9.trap.example ", Wire(replies[SmtpReplyId.ServiceClosing]), StringComparison.Ordinal);
        Assert.Equal("250 mx9.trap.example\r\n", Wire(replies[SmtpReplyId.Helo]));
    }

    private static string Wire(SmtpReply reply) => Encoding.ASCII.GetString(reply.Bytes.Span);

    private static void AssertWellFormed(SmtpReply reply)
    {
        var text = Wire(reply);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        var lines = text[..^2].Split("\r\n");
        Assert.Equal(reply.LineCount, lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            Assert.Equal(reply.Code.ToString(System.Globalization.CultureInfo.InvariantCulture), lines[i][..3]);
            Assert.Equal(i == lines.Length - 1 ? ' ' : '-', lines[i][3]);
            Assert.True(lines[i].Length + 2 <= SmtpReply.MaxLineBytes);
            Assert.All(lines[i], c => Assert.InRange(c, ' ', '~'));
        }
    }
}

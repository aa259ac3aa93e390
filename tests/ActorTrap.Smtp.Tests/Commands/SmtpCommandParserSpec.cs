using System.Text;
using ActorTrap.Smtp.Commands;
using ActorTrap.Smtp.Replies;

namespace ActorTrap.Smtp.Tests.Commands;

public sealed class SmtpCommandParserSpec
{
    [Theory]
    [InlineData("DATA", SmtpVerb.Data)]
    [InlineData("data", SmtpVerb.Data)]
    [InlineData("RsEt", SmtpVerb.Rset)]
    [InlineData("NOOP", SmtpVerb.Noop)]
    [InlineData("NOOP anything at all", SmtpVerb.Noop)]
    [InlineData("QUIT", SmtpVerb.Quit)]
    [InlineData("quit  ", SmtpVerb.Quit)]
    [InlineData("HELP", SmtpVerb.Help)]
    [InlineData("HELP MAIL", SmtpVerb.Help)]
    [InlineData("STARTTLS", SmtpVerb.StartTls)]
    [InlineData("starttls", SmtpVerb.StartTls)]
    [InlineData("VRFY postmaster", SmtpVerb.Vrfy)]
    [InlineData("EXPN staff", SmtpVerb.Expn)]
    [InlineData("AUTH LOGIN", SmtpVerb.Auth)]
    [InlineData("AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=", SmtpVerb.Auth)]
    [InlineData("BDAT 1000", SmtpVerb.Bdat)]
    [InlineData("BDAT 0 LAST", SmtpVerb.Bdat)]
    [InlineData("bdat 12 last", SmtpVerb.Bdat)]
    public void Verbs_are_recognised_in_any_case(string line, SmtpVerb verb)
    {
        var ok = Parse(line, out var command, out var error);

        Assert.True(ok, error?.ToString());
        Assert.Equal(verb, command.Verb);
        Assert.True(command.IsValid);
    }

    [Fact]
    public void Commands_without_arguments_are_shared_instances()
    {
        Parse("DATA", out var first, out _);
        Parse("data", out var second, out _);

        Assert.Same(first, second);
    }

    [Theory]
    [InlineData("HELO client.example", SmtpVerb.Helo, "client.example")]
    [InlineData("EHLO client.example", SmtpVerb.Ehlo, "client.example")]
    [InlineData("ehlo   Client.Example  ", SmtpVerb.Ehlo, "Client.Example")]
    [InlineData("HELO [192.0.2.1]", SmtpVerb.Helo, "[192.0.2.1]")]
    [InlineData("EHLO [IPv6:2001:db8::1]", SmtpVerb.Ehlo, "[IPv6:2001:db8::1]")]
    [InlineData("HELO 192.0.2.1", SmtpVerb.Helo, "192.0.2.1")]
    [InlineData("HELO localhost", SmtpVerb.Helo, "localhost")]
    [InlineData("HELO name with trailing words", SmtpVerb.Helo, "name")]
    [InlineData("HELO\tname", SmtpVerb.Helo, "name")]
    [InlineData("HELO !!!weird$$$", SmtpVerb.Helo, "!!!weird$$$")]
    public void HELO_and_EHLO_keep_the_name_as_sent(string line, SmtpVerb verb, string name)
    {
        Assert.True(Parse(line, out var command, out _));
        Assert.Equal(verb, command.Verb);
        Assert.Equal(name, command.Domain);
    }

    [Theory]
    [InlineData("HELO")]
    [InlineData("HELO ")]
    [InlineData("EHLO")]
    public void HELO_without_a_name_is_a_syntax_error(string line)
    {
        Assert.False(Parse(line, out var command, out var error));
        Assert.Equal(SmtpCommandError.Syntax, command.Error);
        Assert.Equal(501, error.Code);
        Assert.Null(command.Domain);
    }

    [Fact]
    public void A_HELO_name_over_255_bytes_is_a_syntax_error()
    {
        Assert.False(Parse("HELO " + new string('a', 256), out _, out var error));
        Assert.Equal(501, error.Code);
    }

    [Theory]
    [InlineData("MAIL FROM:<user@Example.COM>", "user", "example.com", "user@example.com")]
    [InlineData("mail from:<User@example.com>", "User", "example.com", "User@example.com")]
    [InlineData("MAIL FROM: <user@example.com>", "user", "example.com", "user@example.com")]
    [InlineData("MAIL FROM:user@example.com", "user", "example.com", "user@example.com")]
    [InlineData("MAIL FROM:<first.last+tag@sub.example.org>", "first.last+tag", "sub.example.org", "first.last+tag@sub.example.org")]
    [InlineData("MAIL FROM:<\"john doe\"@example.com>", "\"john doe\"", "example.com", "\"john doe\"@example.com")]
    [InlineData("MAIL FROM:<\"a>b\"@example.com>", "\"a>b\"", "example.com", "\"a>b\"@example.com")]
    [InlineData("MAIL FROM:<@relay.example,@other.example:user@example.com>", "user", "example.com", "user@example.com")]
    [InlineData("MAIL FROM:<user@[192.0.2.7]>", "user", "[192.0.2.7]", "user@[192.0.2.7]")]
    [InlineData("MAIL FROM:<user@[IPv6:2001:DB8::7]>", "user", "[ipv6:2001:db8::7]", "user@[ipv6:2001:db8::7]")]
    public void MAIL_FROM_reads_the_reverse_path_with_the_domain_in_lower_case(string line, string local, string domain, string address)
    {
        Assert.True(Parse(line, out var command, out var error), error?.ToString());
        Assert.Equal(SmtpVerb.Mail, command.Verb);
        Assert.Equal(local, command.Path!.LocalPart);
        Assert.Equal(domain, command.Path.Domain);
        Assert.Equal(address, command.Path.Address);
        Assert.Null(command.Parameters);
    }

    [Fact]
    public void The_null_sender_is_accepted_for_MAIL()
    {
        Assert.True(Parse("MAIL FROM:<>", out var command, out _));
        Assert.Same(SmtpPath.Null, command.Path);
        Assert.True(command.Path!.IsNull);
        Assert.Equal("<>", command.Path.ToString());
    }

    [Fact]
    public void A_path_without_angle_brackets_is_accepted_and_marked()
    {
        Assert.True(Parse("MAIL FROM:user@example.com SIZE=10", out var command, out _));
        Assert.False(command.Path!.IsBracketed);
        Assert.Equal("SIZE=10", command.Parameters);
    }

    [Theory]
    [InlineData("MAIL FROM:<a@example.com> SIZE=12345", "SIZE=12345")]
    [InlineData("MAIL FROM:<a@example.com> SIZE=12345 BODY=8BITMIME", "SIZE=12345 BODY=8BITMIME")]
    [InlineData("MAIL FROM:<> RET=HDRS ENVID=QQ314159", "RET=HDRS ENVID=QQ314159")]
    [InlineData("RCPT TO:<a@example.com> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;a@example.com", "NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;a@example.com")]
    [InlineData("MAIL FROM:<a@example.com> SMTPUTF8", "SMTPUTF8")]
    public void ESMTP_parameters_are_kept_as_sent(string line, string parameters)
    {
        Assert.True(Parse(line, out var command, out var error), error?.ToString());
        Assert.Equal(parameters, command.Parameters);
    }

    [Theory]
    [InlineData("MAIL FROM:<a@example.com> =1")]
    [InlineData("MAIL FROM:<a@example.com> SIZE=")]
    [InlineData("MAIL FROM:<a@example.com> SIZE=1=2")]
    [InlineData("MAIL FROM:<a@example.com> -X")]
    [InlineData("MAIL FROM:<a@example.com>SIZE=1")]
    [InlineData("MAIL FROM:<a@example.com> S_IZE=1")]
    public void Malformed_parameters_get_501(string line)
    {
        Assert.False(Parse(line, out var command, out var error));
        Assert.Equal(SmtpCommandError.Syntax, command.Error);
        Assert.Same(SmtpReplies.BadParameters, error);
    }

    [Theory]
    [InlineData("MAIL")]
    [InlineData("MAIL TO:<a@example.com>")]
    [InlineData("MAIL FRM:<a@example.com>")]
    [InlineData("MAIL <a@example.com>")]
    public void MAIL_without_FROM_gets_the_syntax_reply(string line)
    {
        Assert.False(Parse(line, out var command, out var error));
        Assert.Equal(SmtpVerb.Mail, command.Verb);
        Assert.Same(SmtpReplies.MailSyntax, error);
    }

    [Theory]
    [InlineData("MAIL FROM:")]
    [InlineData("MAIL FROM:<a@example.com")]
    [InlineData("MAIL FROM:<user>")]
    [InlineData("MAIL FROM:<@example.com>")]
    [InlineData("MAIL FROM:<user@>")]
    [InlineData("MAIL FROM:<user@example..com>")]
    [InlineData("MAIL FROM:<user@example.com.>")]
    [InlineData("MAIL FROM:<user@exa_mple.com>")]
    [InlineData("MAIL FROM:<us er@example.com>")]
    [InlineData("MAIL FROM:<us(er@example.com>")]
    [InlineData("MAIL FROM:<user@[192.0.2.256]>")]
    [InlineData("MAIL FROM:<user@[1.2.3]>")]
    [InlineData("MAIL FROM:<user@[IPv6:zz::1]>")]
    [InlineData("MAIL FROM:<user@[example.com]>")]
    [InlineData("MAIL FROM:<\"unterminated@example.com>")]
    [InlineData("MAIL FROM:<\"quoted\"x@example.com>")]
    [InlineData("MAIL FROM:<@relay.example:>")]
    [InlineData("MAIL FROM:<@:user@example.com>")]
    [InlineData("MAIL FROM:@a.example,")]
    [InlineData("MAIL FROM:<@a.example,>")]
    public void Malformed_sender_addresses_get_501_5_1_7(string line)
    {
        Assert.False(Parse(line, out var command, out var error));
        Assert.Equal(SmtpCommandError.Syntax, command.Error);
        Assert.Same(SmtpReplies.BadSenderAddress, error);
        Assert.Null(command.Path);
    }

    [Fact]
    public void A_path_over_256_bytes_is_refused()
    {
        var local = new string('a', 64);
        var domain = string.Join('.', Enumerable.Repeat(new string('b', 60), 4)) + ".example";
        Assert.False(Parse($"MAIL FROM:<{local}@{domain}>", out _, out var error));
        Assert.Same(SmtpReplies.BadSenderAddress, error);
    }

    [Theory]
    [InlineData("RCPT TO:<victim@Target.Example>", "victim", "target.example")]
    [InlineData("rcpt to: <victim@target.example>", "victim", "target.example")]
    [InlineData("RCPT TO:<postmaster>", "postmaster", "")]
    [InlineData("RCPT TO:<PostMaster>", "PostMaster", "")]
    [InlineData("RCPT TO:<Postmaster@target.example>", "Postmaster", "target.example")]
    public void RCPT_TO_reads_the_forward_path(string line, string local, string domain)
    {
        Assert.True(Parse(line, out var command, out var error), error?.ToString());
        Assert.Equal(SmtpVerb.Rcpt, command.Verb);
        Assert.Equal(local, command.Path!.LocalPart);
        Assert.Equal(domain, command.Path.Domain);
    }

    [Theory]
    [InlineData("RCPT TO:<>")]
    [InlineData("RCPT TO:<user>")]
    [InlineData("RCPT TO:")]
    public void Malformed_recipients_get_501_5_1_3(string line)
    {
        Assert.False(Parse(line, out _, out var error));
        Assert.Same(SmtpReplies.BadRecipientAddress, error);
    }

    [Theory]
    [InlineData("RCPT")]
    [InlineData("RCPT FROM:<a@example.com>")]
    public void RCPT_without_TO_gets_the_syntax_reply(string line)
    {
        Assert.False(Parse(line, out _, out var error));
        Assert.Same(SmtpReplies.RcptSyntax, error);
    }

    [Theory]
    [InlineData("DATA now")]
    [InlineData("RSET x")]
    [InlineData("STARTTLS please")]
    public void Commands_that_take_no_arguments_refuse_them(string line)
    {
        Assert.False(Parse(line, out var command, out var error));
        Assert.Equal(SmtpCommandError.Syntax, command.Error);
        Assert.Same(SmtpReplies.NoArgumentsAllowed, error);
    }

    [Theory]
    [InlineData("VRFY")]
    [InlineData("EXPN")]
    [InlineData("AUTH")]
    public void Commands_that_need_an_argument_refuse_to_go_without(string line)
    {
        Assert.False(Parse(line, out _, out var error));
        Assert.Same(SmtpReplies.ArgumentRequired, error);
    }

    [Theory]
    [InlineData("BDAT")]
    [InlineData("BDAT x")]
    [InlineData("BDAT 12 FIRST")]
    [InlineData("BDAT 12LAST")]
    [InlineData("BDAT 123456789012345678901")]
    public void Malformed_BDAT_gets_501(string line)
    {
        Assert.False(Parse(line, out var command, out var error));
        Assert.Equal(SmtpVerb.Bdat, command.Verb);
        Assert.Equal(501, error.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("XYZZY")]
    [InlineData("HELOX a")]
    [InlineData("ETRN example.com")]
    [InlineData(" HELO leading.space")]
    [InlineData("123")]
    [InlineData("M\u00c4IL FROM:<a@b.example>")]
    public void Unknown_verbs_get_500(string line)
    {
        Assert.False(Parse(line, out var command, out var error));
        Assert.Equal(SmtpVerb.Unknown, command.Verb);
        Assert.Equal(SmtpCommandError.UnknownCommand, command.Error);
        Assert.Same(SmtpReplies.CommandUnrecognized, error);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1", NonSmtpKind.HttpRequest)]
    [InlineData("get /index.html HTTP/1.0", NonSmtpKind.HttpRequest)]
    [InlineData("POST /cgi-bin/x HTTP/1.1", NonSmtpKind.HttpRequest)]
    [InlineData("HEAD / HTTP/1.1", NonSmtpKind.HttpRequest)]
    [InlineData("OPTIONS * HTTP/1.1", NonSmtpKind.HttpRequest)]
    [InlineData("PRI * HTTP/2.0", NonSmtpKind.HttpRequest)]
    [InlineData("CONNECT mail.example.com:25 HTTP/1.0", NonSmtpKind.HttpConnect)]
    [InlineData("CONNECT 203.0.113.5:25", NonSmtpKind.HttpConnect)]
    [InlineData("User-Agent: Mozilla/5.0", NonSmtpKind.HeaderLine)]
    [InlineData("Host: mail.example.com", NonSmtpKind.HeaderLine)]
    [InlineData("Host:mail.example.com", NonSmtpKind.HeaderLine)]
    [InlineData("From: spammer@example.com", NonSmtpKind.HeaderLine)]
    [InlineData("Subject: cheap pills", NonSmtpKind.HeaderLine)]
    [InlineData("PROXY TCP4 192.0.2.1 198.51.100.1 56324 25", NonSmtpKind.ProxyHeader)]
    [InlineData("USER admin", NonSmtpKind.MailboxLogin)]
    [InlineData("PASS secret", NonSmtpKind.MailboxLogin)]
    [InlineData("\u0016\u0003\u0001\u0002\u0000\u0001", NonSmtpKind.TlsHandshake)]
    [InlineData("\u0000\u0000\u0000", NonSmtpKind.Binary)]
    [InlineData("\u00ff\u00fbHELO", NonSmtpKind.Binary)]
    public void Other_protocols_are_their_own_result(string line, NonSmtpKind kind)
    {
        Assert.False(Parse(line, out var command, out var error));
        Assert.Equal(SmtpVerb.NonSmtp, command.Verb);
        Assert.Equal(SmtpCommandError.NonSmtp, command.Error);
        Assert.Equal(kind, command.NonSmtpKind);
        Assert.Equal(500, error.Code);
    }

    [Theory]
    [InlineData("HELO a\u0000b")]
    [InlineData("HELO caf\u00e9.example")]
    [InlineData("MAIL FROM:<j\u00f6rg@example.com>")]
    [InlineData("RCPT TO:<a@example.com>\u0007")]
    [InlineData("NOOP \u001b[31m")]
    [InlineData("RSET \r")]
    [InlineData("VRFY \u007f")]
    public void Control_and_8_bit_bytes_after_a_known_verb_get_501_5_5_2(string line)
    {
        Assert.False(Parse(line, out var command, out var error));
        Assert.Equal(SmtpCommandError.InvalidCharacters, command.Error);
        Assert.Same(SmtpReplies.InvalidCharacters, error);
    }

    [Fact]
    public void QUIT_is_QUIT_whatever_follows_it()
    {
        Assert.True(Parse("QUIT now\u0000\u00ff", out var command, out _));
        Assert.Equal(SmtpVerb.Quit, command.Verb);
    }

    [Fact]
    public void Commands_render_for_logs()
    {
        Parse("MAIL FROM:<a@B.example> SIZE=1", out var mail, out _);
        Parse("GET /", out var get, out _);
        Parse("RCPT TO:<>", out var bad, out _);

        Assert.Equal("Mail <a@b.example> SIZE=1", mail.ToString());
        Assert.Equal("NonSmtp(HttpRequest)", get.ToString());
        Assert.Equal("Rcpt(Syntax)", bad.ToString());
    }

    private static bool Parse(string line, out SmtpCommand command, out SmtpReply error)
    {
        var ok = SmtpCommandParser.TryParse(Encoding.Latin1.GetBytes(line), out command, out var reply);
        Assert.Equal(ok, reply is null);
        Assert.Equal(ok, command.IsValid);
        error = reply!;
        return ok;
    }
}

namespace ActorTrap.Smtp.Replies;

/// <summary>
/// The replies that do not name this host, built and encoded once per process and shared by every session.
/// Codes and enhanced status codes follow RFC 5321 4.2.2-4.3.2 and RFC 3463; the wording is ours.
/// </summary>
public static class SmtpReplies
{
    public static readonly SmtpReply Ok = new(250, "2.0.0", "Ok");
    public static readonly SmtpReply SenderOk = new(250, "2.1.0", "Ok");
    public static readonly SmtpReply RecipientOk = new(250, "2.1.5", "Ok");

    /// <summary>VRFY in observe mode: neither confirms nor denies the address (RFC 5321 3.5.3).</summary>
    public static readonly SmtpReply CannotVerify = new(252, "2.0.0", "Cannot verify user; try RCPT to attempt delivery");

    /// <summary>The answer to DATA (the spambot-detector founding document) and, in the tarpit, to everything.</summary>
    public static readonly SmtpReply TryAgainLater = new(451, "4.7.1", "Service temporarily unavailable, try again later");

    public static readonly SmtpReply SendHeloFirst = new(503, "5.5.1", "Error: send HELO/EHLO first");
    public static readonly SmtpReply NestedMail = new(503, "5.5.1", "Error: nested MAIL command");
    public static readonly SmtpReply NeedMail = new(503, "5.5.1", "Error: need MAIL command");
    public static readonly SmtpReply NeedRcpt = new(503, "5.5.1", "Error: need RCPT command");
    public static readonly SmtpReply BadSequence = new(503, "5.5.1", "Error: bad sequence of commands");

    public static readonly SmtpReply CommandUnrecognized = new(500, "5.5.2", "Error: command not recognized");
    public static readonly SmtpReply LineTooLong = new(500, "5.5.2", "Error: line too long");
    public static readonly SmtpReply NotImplemented = new(502, "5.5.1", "Error: command not implemented");

    public static readonly SmtpReply InvalidCharacters = new(501, "5.5.2", "Syntax error: invalid characters in command");
    public static readonly SmtpReply HeloSyntax = new(501, "5.5.4", "Syntax: HELO hostname");
    public static readonly SmtpReply EhloSyntax = new(501, "5.5.4", "Syntax: EHLO hostname");
    public static readonly SmtpReply MailSyntax = new(501, "5.5.4", "Syntax: MAIL FROM:<address>");
    public static readonly SmtpReply RcptSyntax = new(501, "5.5.4", "Syntax: RCPT TO:<address>");
    public static readonly SmtpReply BadSenderAddress = new(501, "5.1.7", "Bad sender address syntax");
    public static readonly SmtpReply BadRecipientAddress = new(501, "5.1.3", "Bad recipient address syntax");
    public static readonly SmtpReply BadParameters = new(501, "5.5.4", "Syntax error in parameters");
    public static readonly SmtpReply NoArgumentsAllowed = new(501, "5.5.4", "Syntax error: no arguments allowed");
    public static readonly SmtpReply ArgumentRequired = new(501, "5.5.4", "Syntax error: argument required");
}

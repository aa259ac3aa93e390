namespace ActorTrap.Smtp.Replies;

/// <summary>
/// Every reply a session can send, encoded once per listener: the shared static ones of <see cref="SmtpReplies"/>
/// plus those RFC 5321 wants to start with this host's name (the greeting 220, the HELO/EHLO 250, 221 and 421;
/// 4.2, 4.3.2). Build one per configured host name and share it between all sessions.
/// </summary>
public sealed class SmtpServerReplies
{
    /// <summary>Postfix's default <c>message_size_limit</c> (10240000 bytes), advertised as SIZE.</summary>
    public const long AdvertisedSizeBytes = 10_240_000;

    private readonly SmtpReply[] _byId;

    /// <param name="hostName">This server's name as it should appear in replies (actortrap.smtp.hostname).</param>
    public SmtpServerReplies(string hostName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hostName);
        HostName = hostName;
        Greeting = new SmtpReply(220, null, $"{hostName} ESMTP");
        GreetingFirstLine = new SmtpReply(220, null, $"{hostName} ESMTP", string.Empty).GetLineBytes(0);
        GreetingWaitLine = new SmtpReply(220, null, "Please wait", string.Empty).GetLineBytes(0);

        _byId = new SmtpReply[Enum.GetValues<SmtpReplyId>().Length];
        _byId[(int)SmtpReplyId.Ok] = SmtpReplies.Ok;
        _byId[(int)SmtpReplyId.SenderOk] = SmtpReplies.SenderOk;
        _byId[(int)SmtpReplyId.RecipientOk] = SmtpReplies.RecipientOk;
        _byId[(int)SmtpReplyId.CannotVerify] = SmtpReplies.CannotVerify;
        _byId[(int)SmtpReplyId.TryAgainLater] = SmtpReplies.TryAgainLater;
        _byId[(int)SmtpReplyId.SendHeloFirst] = SmtpReplies.SendHeloFirst;
        _byId[(int)SmtpReplyId.NestedMail] = SmtpReplies.NestedMail;
        _byId[(int)SmtpReplyId.NeedMail] = SmtpReplies.NeedMail;
        _byId[(int)SmtpReplyId.NeedRcpt] = SmtpReplies.NeedRcpt;
        _byId[(int)SmtpReplyId.BadSequence] = SmtpReplies.BadSequence;
        _byId[(int)SmtpReplyId.CommandUnrecognized] = SmtpReplies.CommandUnrecognized;
        _byId[(int)SmtpReplyId.NotImplemented] = SmtpReplies.NotImplemented;
        _byId[(int)SmtpReplyId.LineTooLong] = SmtpReplies.LineTooLong;
        _byId[(int)SmtpReplyId.Helo] = new SmtpReply(250, null, hostName);
        _byId[(int)SmtpReplyId.Ehlo] = new SmtpReply(250, null, hostName, $"SIZE {AdvertisedSizeBytes}", "ENHANCEDSTATUSCODES", "8BITMIME");
        _byId[(int)SmtpReplyId.Closing] = new SmtpReply(221, "2.0.0", $"{hostName} closing connection");
        _byId[(int)SmtpReplyId.TooManyErrors] = new SmtpReply(421, "4.7.0", $"{hostName} Error: too many errors");
        _byId[(int)SmtpReplyId.TooManyCommands] = new SmtpReply(421, "4.7.0", $"{hostName} Error: too many commands");
        _byId[(int)SmtpReplyId.NonSmtpClosing] = new SmtpReply(421, "4.7.0", $"{hostName} Error: not an SMTP client");
        _byId[(int)SmtpReplyId.ServiceClosing] = new SmtpReply(421, "4.3.2", $"{hostName} Service not available, closing transmission channel");
        _byId[(int)SmtpReplyId.LineTooLongClosing] = new SmtpReply(421, "4.7.0", $"{hostName} Error: line too long, closing connection");
    }

    public string HostName { get; }

    /// <summary>The one-line greeting "220 host ESMTP".</summary>
    public SmtpReply Greeting { get; }

    /// <summary>"220-host ESMTP" + CRLF: the first line of a greeting whose final line comes after the greet pause.</summary>
    public ReadOnlyMemory<byte> GreetingFirstLine { get; }

    /// <summary>"220-Please wait" + CRLF: a continuation line a held session trickles while it keeps the client waiting.</summary>
    public ReadOnlyMemory<byte> GreetingWaitLine { get; }

    /// <summary>The reply a state-table entry names.</summary>
    public SmtpReply this[SmtpReplyId id] => _byId[(int)id];
}

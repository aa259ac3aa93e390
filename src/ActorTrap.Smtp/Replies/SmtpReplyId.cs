namespace ActorTrap.Smtp.Replies;

/// <summary>
/// Names a reply in the dialogue's state table, so the table can be static data while the replies that carry
/// this host's name are built per listener (<see cref="SmtpServerReplies"/>).
/// </summary>
public enum SmtpReplyId
{
    Ok,
    SenderOk,
    RecipientOk,
    CannotVerify,
    TryAgainLater,
    SendHeloFirst,
    NestedMail,
    NeedMail,
    NeedRcpt,
    BadSequence,
    CommandUnrecognized,
    NotImplemented,
    LineTooLong,

    /// <summary>250 to HELO: this host's name.</summary>
    Helo,

    /// <summary>250 to EHLO: this host's name and the capabilities (never PIPELINING, CHUNKING or STARTTLS).</summary>
    Ehlo,

    /// <summary>221 to QUIT, then close.</summary>
    Closing,

    /// <summary>421 after too many errors, then close.</summary>
    TooManyErrors,

    /// <summary>421 after too many commands, then close.</summary>
    TooManyCommands,

    /// <summary>421 to a non-SMTP command when the session is set to hang up on one, then close.</summary>
    NonSmtpClosing,

    /// <summary>421 for a session that is over (hold ended, shutdown, timeout), then close.</summary>
    ServiceClosing,

    /// <summary>421 to a client still sending one overlong line when the session's byte cap is reached, then close.</summary>
    LineTooLongClosing,
}

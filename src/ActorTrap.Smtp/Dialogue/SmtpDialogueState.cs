namespace ActorTrap.Smtp.Dialogue;

/// <summary>Where an SMTP dialogue is (RFC 5321 4.1.4 command order); the rows of the state table.</summary>
public enum SmtpDialogueState : byte
{
    /// <summary>Greeting sent, no HELO/EHLO yet.</summary>
    Connected,

    /// <summary>After HELO/EHLO or RSET: ready for MAIL.</summary>
    Greeted,

    /// <summary>After MAIL FROM: ready for RCPT.</summary>
    Mail,

    /// <summary>After at least one RCPT TO: DATA would be next.</summary>
    Rcpt,

    /// <summary>DATA was refused with 451: only QUIT, RSET and NOOP make sense now; anything else gets 451 again.</summary>
    DataRefused,

    /// <summary>A reply that closes the connection was given (221, 421); nothing more is read.</summary>
    Closed,
}

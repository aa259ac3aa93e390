namespace ActorTrap.Smtp.Dialogue;

/// <summary>What happened on one line, for the session to record (sins, counters, timers). Several may be set.</summary>
[Flags]
public enum SmtpEvents
{
    None = 0,

    /// <summary>The line ended in a bare LF (sin bare-lf).</summary>
    BareLf = 1 << 0,

    /// <summary>Another protocol: HTTP, CONNECT, a header line, ... (sin non-smtp; see SmtpCommand.NonSmtpKind).</summary>
    NonSmtpCommand = 1 << 1,

    /// <summary>HELO/EHLO received (the name is in SmtpDialogue.Helo / the command); run the HELO analysis.</summary>
    Helo = 1 << 2,

    /// <summary>A HELO/EHLO whose name differs from the first one (sin helo-changed).</summary>
    HeloChanged = 1 << 3,

    /// <summary>MAIL FROM received.</summary>
    MailFrom = 1 << 4,

    /// <summary>RCPT TO received (its domain is in SmtpDialogue.RecipientDomains if there was room).</summary>
    Recipient = 1 << 5,

    /// <summary>DATA answered with 451: start the quit-wait timer; a client that then goes away without QUIT sins (no-quit).</summary>
    DataRefused = 1 << 6,

    /// <summary>QUIT received.</summary>
    Quit = 1 << 7,

    /// <summary>A known verb with bad arguments or bad characters (501).</summary>
    SyntaxError = 1 << 8,

    /// <summary>An unknown verb (500).</summary>
    UnknownCommand = 1 << 9,

    /// <summary>A command out of order (503).</summary>
    OutOfOrder = 1 << 10,

    /// <summary>A line over the length limit (500).</summary>
    LineTooLong = 1 << 11,

    /// <summary>A command this server does not offer (EXPN, HELP, STARTTLS, AUTH, BDAT: 502).</summary>
    NotImplemented = 1 << 12,

    /// <summary>The error limit was reached: 421 and close.</summary>
    TooManyErrors = 1 << 13,

    /// <summary>The command limit was reached: 421 and close.</summary>
    TooManyCommands = 1 << 14,
}

namespace ActorTrap.Smtp.Commands;

/// <summary>Why a line is not a valid command; <see cref="None"/> for one that is.</summary>
public enum SmtpCommandError : byte
{
    None,

    /// <summary>The verb is not one this server knows (500 5.5.2).</summary>
    UnknownCommand,

    /// <summary>Another protocol (500 5.5.2, and a sin for the session): see <see cref="SmtpCommand.NonSmtpKind"/>.</summary>
    NonSmtp,

    /// <summary>A known verb with arguments that break its grammar (501).</summary>
    Syntax,

    /// <summary>A known verb on a line with control characters (NUL, CR, DEL, ...) or 8-bit bytes where only ASCII belongs (501 5.5.2).</summary>
    InvalidCharacters,
}

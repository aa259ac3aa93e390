namespace ActorTrap.Smtp.Commands;

/// <summary>The command a line was read as (RFC 5321 4.1, RFC 3207 STARTTLS, RFC 4954 AUTH, RFC 3030 BDAT).</summary>
public enum SmtpVerb : byte
{
    /// <summary>Not a verb this server knows: 500.</summary>
    Unknown,

    /// <summary>Another protocol spoken at an SMTP server (HTTP, a proxy request, POP3): see <see cref="NonSmtpKind"/>.</summary>
    NonSmtp,

    Helo,
    Ehlo,
    Mail,
    Rcpt,
    Data,
    Rset,
    Noop,
    Quit,
    Vrfy,
    Expn,
    Help,
    StartTls,
    Auth,
    Bdat,
}

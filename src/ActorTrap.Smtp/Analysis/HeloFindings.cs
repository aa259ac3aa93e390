namespace ActorTrap.Smtp.Analysis;

/// <summary>
/// What is wrong with a HELO/EHLO name (Postfix's reject_invalid/non_fqdn_helo_hostname checks, postscreen and
/// the spambot-detector founding document's HELO sins). Each maps to one sin; HELO changes are reported by the
/// dialogue (SmtpEvents.HeloChanged). Findings that overlap are reported once: a bare IP is not also "not an
/// FQDN", nor is localhost.
/// </summary>
[Flags]
public enum HeloFindings
{
    None = 0,

    /// <summary>An IP address without the brackets of an address literal ("HELO 192.0.2.1").</summary>
    BareIp = 1 << 0,

    /// <summary>An address literal that is not the client's address, or is not a well-formed literal at all.</summary>
    LiteralMismatch = 1 << 1,

    /// <summary>Not a fully qualified domain name: no dot, characters outside letters/digits/hyphen, a numeric top label.</summary>
    NotFqdn = 1 << 2,

    /// <summary>localhost, localhost.localdomain and their Debian /etc/hosts relatives.</summary>
    Localhost = 1 << 3,

    /// <summary>One of this server's own host names.</summary>
    OurName = 1 << 4,

    /// <summary>One of this server's own addresses, bare or as a literal.</summary>
    OurAddress = 1 << 5,

    /// <summary>The domain of a recipient the client named (a spambot pretending to be the recipient's domain).</summary>
    RecipientDomain = 1 << 6,
}

namespace ActorTrap.Node.Session;

/// <summary>
/// The behaviours that give a spambot away (the spambot-detector founding document, Postfix postscreen's tests,
/// OpenBSD spamd's). Their wire names (<see cref="SinKinds.WireName"/>) are stable: feeds, the store and TXT
/// answers use them.
/// </summary>
public enum SinKind
{
    /// <summary>Talked before the final 220 line (postscreen's pregreet test).</summary>
    Pregreet,

    /// <summary>Went away after the 451 to DATA without QUIT.</summary>
    NoQuit,

    /// <summary>Sent a command before the reply to the previous one though PIPELINING was not offered.</summary>
    Pipelining,

    /// <summary>Sent something that is not SMTP (<c>GET /</c>, <c>CONNECT</c>, a <c>Header:</c> line).</summary>
    NonSmtpCommand,

    /// <summary>Ended lines with a bare LF instead of CRLF.</summary>
    BareLf,

    /// <summary>HELO with a bare IP address instead of an address literal in brackets.</summary>
    HeloBareIp,

    /// <summary>HELO with an address literal that is not the client's address.</summary>
    HeloLiteralMismatch,

    /// <summary>HELO name that is not a fully qualified domain name.</summary>
    HeloNotFqdn,

    /// <summary>HELO localhost (or localhost.localdomain).</summary>
    HeloLocalhost,

    /// <summary>HELO with this server's own host name or address.</summary>
    HeloOurName,

    /// <summary>HELO claiming to be the recipient's domain.</summary>
    HeloRecipientDomain,

    /// <summary>HELO/EHLO name changed within the session.</summary>
    HeloChanged,

    /// <summary>Reverse DNS name that looks like a dynamic/dial-up pool.</summary>
    DynamicRdns,

    /// <summary>No reverse DNS name at all.</summary>
    MissingRdns,

    /// <summary>Reverse DNS name does not resolve back to the client (forward-confirmed rDNS failed).</summary>
    FcrdnsFailed,

    /// <summary>Connected to the highest-numbered (least preferred) MX first: a spambot habit.</summary>
    HighestMx,

    /// <summary>Wrote to a trap address.</summary>
    TrapAddress,

    /// <summary>Listed on DNS blacklists with a total weight at or over the threshold.</summary>
    DnsblListed,

    /// <summary>
    /// Not a sin but a virtue: came back after the 451 with the same envelope, as an MTA's queue does (OpenBSD spamd's
    /// greylisting test). Its weight is negative and offsets soft sins only (<see cref="SinClass.Virtue"/>).
    /// </summary>
    Retried,
}

namespace ActorTrap.Node.Session;

/// <summary>
/// How the listing rule counts a sin (issue 15). A retrying MTA repeats the facts about itself on every retry, so
/// those count once per evidence window; behaviour an MTA does not show by accident counts every session.
/// </summary>
public enum SinClass
{
    /// <summary>
    /// Lists on its own within a few sessions (trap address, pregreet, non-SMTP command, HELO with the recipient's
    /// domain or our own name or address): no MTA does these by accident. Counted every session.
    /// </summary>
    Strong,

    /// <summary>
    /// Counts only in a session that shows another sin as well (no QUIT after the 451, pipelining, highest MX,
    /// listed elsewhere): the founding rule lists the highest-MX, no-QUIT client that "has other spambot sins".
    /// Counted every session it is corroborated.
    /// </summary>
    Corroborated,

    /// <summary>
    /// Facts about the client's host that a retrying MTA repeats (rDNS missing, dynamic or not confirmed, HELO not an
    /// FQDN, a bare IP, localhost or a wrong literal, bare LF, HELO changed). Each kind counts once per evidence window,
    /// and together they add at most the soft cap, below the listing threshold: soft sins alone never list.
    /// </summary>
    Soft,

    /// <summary>Evidence for the client (a retry after the 451): a negative weight that offsets soft sins and nothing else.</summary>
    Virtue,
}

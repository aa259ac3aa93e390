using System.Net;
using ActorTrap.Node.Session;

namespace ActorTrap.Node.Configuration;

/// <summary><c>actortrap.smtp</c>: the listeners and the session policy. Every default is explained in hocon/actortrap.conf.</summary>
/// <param name="Listen">Endpoints to accept SMTP on (IPv6 listeners are v6-only so both families can share a port).</param>
/// <param name="Hostname">Our name in the greeting and replies; HELO with it is a sin. When unset, the machine's name if fully qualified, else <see cref="MailHostName.Unset"/>.</param>
/// <param name="Hold">How long a listed client is held before 421 (founding document: 20 minutes).</param>
/// <param name="TrickleInterval">One continuation line (or, with byte stutter, one byte) per this while a reply trickles.</param>
/// <param name="HoldReplyTime">How long each reply to a held client trickles before its final line.</param>
/// <param name="GreetPause">Observe mode: time between the first <c>220-</c> line and the final <c>220 </c> line.</param>
/// <param name="QuitWait">Observe mode: how long to wait for QUIT after the 451 to DATA.</param>
/// <param name="LookupWait">Longest a session waits for its DNSBL answer before treating the client as not listed: actortrap.dns.lookup-budget plus 0.5 s.</param>
/// <param name="IdleTimeout">Observe mode: a client silent this long is sent 421 and closed.</param>
/// <param name="SessionTimeout">Observe mode: total cap on one session.</param>
/// <param name="MaxConnections">Total open SMTP connections; 0 = derived from the open-file limit minus <paramref name="FileReserve"/>.</param>
/// <param name="MaxHeld">Held connections at once; 0 = 90 % of the connection cap. Beyond it new listed clients are shed.</param>
public sealed record SmtpOptions(
    IReadOnlyList<IPEndPoint> Listen,
    string Hostname,
    SessionMode Mode,
    bool DropReply,
    TimeSpan Hold,
    TimeSpan TrickleInterval,
    TrickleStyle Trickle,
    TimeSpan HoldReplyTime,
    TimeSpan GreetPause,
    TimeSpan QuitWait,
    TimeSpan LookupWait,
    TimeSpan IdleTimeout,
    TimeSpan SessionTimeout,
    int MaxLineBytes,
    int MaxCommands,
    int MaxErrors,
    int MaxConnectionsPerIp,
    int MaxConnections,
    int MaxHeld,
    int FileReserve,
    bool CheckReverseDns,
    ProxyProtocolOptions ProxyProtocol,
    TrapOptions Traps,
    MxTrapOptions Mx,
    IReadOnlyDictionary<SinKind, double> SinWeights)
{
    /// <summary>
    /// Networks never judged (<c>actortrap.smtp.permit</c>): no DNS lookup, no greet pause, no sin, no hold; like
    /// postscreen's <c>permit_mynetworks</c>. Loopback and the host's own addresses by default.
    /// </summary>
    public IReadOnlyList<IPNetwork> Permit { get; init; } = [];

    /// <summary>When a return after the 451 counts as an MTA's retry (<c>actortrap.smtp.retry</c>).</summary>
    public RetryOptions Retry { get; init; } = RetryOptions.Default;

    /// <summary>True when <c>actortrap.smtp.hostname</c> is unset and the machine's name is not fully qualified, so the banner says <see cref="MailHostName.Unset"/>.</summary>
    public bool HostnameFellBack { get; init; }
}

/// <summary>How a held client's replies are slowed.</summary>
public enum TrickleStyle
{
    /// <summary>One continuation line per interval (cheap, endlessh-like).</summary>
    Line,

    /// <summary>One byte per interval (OpenBSD spamd's stutter).</summary>
    Byte,
}

/// <param name="Trusted">Networks whose connections must start with a PROXY v1/v2 header.</param>
/// <param name="Timeout">Time a trusted proxy has to send its header (postscreen_upstream_proxy_timeout: 5 s).</param>
public sealed record ProxyProtocolOptions(IReadOnlyList<IPNetwork> Trusted, TimeSpan Timeout);

/// <param name="Domains">Any recipient in these domains is a trap.</param>
/// <param name="Addresses">These exact recipients are traps (lower case).</param>
public sealed record TrapOptions(IReadOnlyList<string> Domains, IReadOnlyList<string> Addresses);

/// <param name="BackupDomains">Domains for which this node is the highest-numbered MX: writing to them here is a sin while their primary answers.</param>
/// <param name="CheckDns">Also look up the recipient domain's MX and call it a sin when our host name is a less preferred MX.</param>
/// <param name="Primaries">Hosts probed for the backup domains; empty = each domain's most preferred MX hosts on port 25.</param>
/// <param name="ProbeInterval">Time between two probes of a domain's primary MX (a minute, as Postfix's queue_run_delay).</param>
/// <param name="ProbeTimeout">A primary that sends no 220 banner within this is not answering.</param>
public sealed record MxTrapOptions(IReadOnlyList<string> BackupDomains, bool CheckDns, IReadOnlyList<MxPrimary> Primaries, TimeSpan ProbeInterval, TimeSpan ProbeTimeout)
{
    /// <summary>True when highest-mx can be a sin at all, so the probes and the gate have something to do.</summary>
    public bool Enabled => BackupDomains.Count > 0 || CheckDns;
}

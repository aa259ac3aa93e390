using Microsoft.Extensions.Logging;

namespace ActorTrap.Node;

/// <summary>SMTP listener and session events, 1xxx. Attacker text is escaped and truncated before it gets here.</summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "SMTP listening on {Endpoint} (connection cap {MaxConnections}, held cap {MaxHeld})")]
    public static partial void SmtpListening(ILogger logger, string endpoint, int maxConnections, int maxHeld);

    [LoggerMessage(1008, LogLevel.Warning, "actortrap.smtp.hostname is not set and the machine name \"{MachineName}\" is not fully qualified: the SMTP banner says {HostName}. Set actortrap.smtp.hostname (env ACTORTRAP_SMTP_HOSTNAME) to the name your MX record points to")]
    public static partial void SmtpHostnameUnset(ILogger logger, string machineName, string hostName);

    [LoggerMessage(1001, LogLevel.Warning, "SMTP accept failed: {Error} with {Open} connections open; retrying (logged at most every 10 s)")]
    public static partial void SmtpAcceptFailed(ILogger logger, string error, int open);

    // 1002 and 1005 (a session's end, with and without sins) were replaced by 1010 in issue 17: one line for every session.

    /// <summary>The session line: every finished session, at the configured level, rate-limited by <see cref="Session.SessionLog"/>.</summary>
    [LoggerMessage(EventId = 1010, Message = "Session {Client} {Outcome} after {Seconds} s: score {Score}, sins [{Sins}], helo \"{Helo}\"")]
    public static partial void SessionLine(ILogger logger, LogLevel level, string client, string outcome, double seconds, double score, string sins, string helo);

    [LoggerMessage(EventId = 1011, Message = "{Suppressed} session lines left out in the last {Seconds} s (at most {MaxPerSecond} a second: actortrap.log.sessions.max-per-second)")]
    public static partial void SessionLinesSuppressed(ILogger logger, LogLevel level, long suppressed, double seconds, int maxPerSecond);

    [LoggerMessage(1007, LogLevel.Information, "Shutdown: hold pool {Pool} sent 421 to {Count} held client(s) and emitted their verdicts")]
    public static partial void HoldReleased(ILogger logger, string pool, int count);

    [LoggerMessage(1003, LogLevel.Warning, "PROXY header from trusted proxy {Proxy} rejected: {Reason}")]
    public static partial void ProxyRejected(ILogger logger, string proxy, string reason);

    [LoggerMessage(1004, LogLevel.Error, "Session {Client} failed and was closed: {Reason}")]
    public static partial void SessionFailed(ILogger logger, string client, string reason);

    [LoggerMessage(1006, LogLevel.Warning, "SMTP not listening on {Endpoint}: this host has no IPv6; serving IPv4 only")]
    public static partial void SmtpIpv6Unavailable(ILogger logger, string endpoint);

    [LoggerMessage(1100, LogLevel.Information, "Primary MX of {Domain} is now {State}: {Detail}")]
    public static partial void MxPrimaryState(ILogger logger, string domain, string state, string detail);

    [LoggerMessage(1101, LogLevel.Information, "Shutdown: {Count} verdict(s) waiting for an MX probe forwarded without the unconfirmed highest-mx sin")]
    public static partial void MxGateFlushed(ILogger logger, int count);

    [LoggerMessage(1102, LogLevel.Warning, "The highest-mx gate holds {Held} verdicts, its maximum: candidates go on at once without the sin ({Overflowed} so far)")]
    public static partial void MxGateFull(ILogger logger, int held, long overflowed);

    [LoggerMessage(1012, LogLevel.Debug, "Late connection event ({Event}) for {Recipient}: it raced the close of the session")]
    public static partial void LateConnectionEvent(ILogger logger, string @event, string recipient);
}

using Microsoft.Extensions.Logging;

namespace ActorTrap.Node;

/// <summary>SMTP listener and session events, 1xxx. Attacker text is escaped and truncated before it gets here.</summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "SMTP listening on {Endpoint} (connection cap {MaxConnections}, held cap {MaxHeld})")]
    public static partial void SmtpListening(ILogger logger, string endpoint, int maxConnections, int maxHeld);

    [LoggerMessage(1001, LogLevel.Warning, "SMTP accept failed: {Error} with {Open} connections open; retrying (logged at most every 10 s)")]
    public static partial void SmtpAcceptFailed(ILogger logger, string error, int open);

    [LoggerMessage(1002, LogLevel.Information, "Session {Client} ended: {Outcome} after {Seconds:0.0} s, score {Score}, sins [{Sins}], helo \"{Helo}\"")]
    public static partial void SessionVerdict(ILogger logger, string client, string outcome, double seconds, double score, string sins, string helo);

    [LoggerMessage(1005, LogLevel.Debug, "Session {Client} ended: {Outcome} after {Seconds:0.0} s, no sins")]
    public static partial void SessionEnded(ILogger logger, string client, string outcome, double seconds);

    [LoggerMessage(1003, LogLevel.Warning, "PROXY header from trusted proxy {Proxy} rejected: {Reason}")]
    public static partial void ProxyRejected(ILogger logger, string proxy, string reason);

    [LoggerMessage(1004, LogLevel.Error, "Session {Client} failed and was closed: {Reason}")]
    public static partial void SessionFailed(ILogger logger, string client, string reason);

    [LoggerMessage(1006, LogLevel.Warning, "SMTP not listening on {Endpoint}: this host has no IPv6; serving IPv4 only")]
    public static partial void SmtpIpv6Unavailable(ILogger logger, string endpoint);
}

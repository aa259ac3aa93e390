using Microsoft.Extensions.Logging;

namespace ActorTrap.Node;

/// <summary>
/// Every log line the node writes, with stable event ids per area (STYLE.md): 4xxx node and cluster,
/// 6xxx admin. Values that come from clients are escaped before they get here; secrets never do.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(4000, LogLevel.Information, "Node {Node} starting (ActorTrap {Version}, config {ConfigSource})")]
    public static partial void NodeStarting(ILogger logger, string node, string version, string configSource);

    [LoggerMessage(4001, LogLevel.Information, "Node {Node} started in {ElapsedMs} ms")]
    public static partial void NodeStarted(ILogger logger, string node, long elapsedMs);

    [LoggerMessage(4002, LogLevel.Information, "Node {Node} stopping: {Reason}")]
    public static partial void NodeStopping(ILogger logger, string node, string reason);

    [LoggerMessage(4003, LogLevel.Information, "Node {Node} stopped cleanly in {ElapsedMs} ms")]
    public static partial void NodeStopped(ILogger logger, string node, long elapsedMs);

    [LoggerMessage(4004, LogLevel.Warning, "Node {Node} shutdown was not clean (a step failed or ran past its {TimeoutMs} ms); some actors were abandoned")]
    public static partial void NodeStopTimedOut(ILogger logger, string node, long timeoutMs);

    [LoggerMessage(4006, LogLevel.Warning, "Stopping what had started after a failed start met an error too ({Error}); the start failure follows as event 4005")]
    public static partial void StartCleanupFailed(ILogger logger, string error);

    [LoggerMessage(4019, LogLevel.Warning, "Node {Node}: a shutdown step failed ({Error}); the next one runs anyway")]
    public static partial void ShutdownStepFailed(ILogger logger, string node, string error);

    [LoggerMessage(6000, LogLevel.Information, "Admin endpoint listening on http://{Endpoint} (token {TokenState})")]
    public static partial void AdminListening(ILogger logger, string endpoint, string tokenState);

    [LoggerMessage(6001, LogLevel.Warning, "Admin request to {Path} from {Remote} refused: {Reason}")]
    public static partial void AdminRefused(ILogger logger, string path, string remote, string reason);

    [LoggerMessage(4050, LogLevel.Information, "Dead letter: a {Message} from {Sender} to {Recipient} was not delivered (the recipient had stopped)")]
    public static partial void DeadLetter(ILogger logger, string message, string sender, string recipient);

    [LoggerMessage(4051, LogLevel.Information, "{Count} more dead letters in the last {Seconds} s were not logged (at most 10 a minute; all are counted in actortrap_actors_dead_letters_total)")]
    public static partial void DeadLettersSuppressed(ILogger logger, long count, double seconds);
}

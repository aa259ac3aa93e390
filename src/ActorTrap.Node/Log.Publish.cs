using Microsoft.Extensions.Logging;

namespace ActorTrap.Node;

/// <summary>Publishing log lines, event ids 5xxx. Feed keys never reach a log line; feed input is counted, not logged.</summary>
internal static partial class Log
{
    [LoggerMessage(5000, LogLevel.Information, "DNSBL responder for {Zone} answering on {Transport} {Endpoint}")]
    public static partial void DnsResponderListening(ILogger logger, string zone, string transport, string endpoint);

    [LoggerMessage(5001, LogLevel.Error, "DNSBL responder {Transport} loop on {Endpoint} failed and keeps going: {Reason}")]
    public static partial void DnsResponderLoopError(ILogger logger, string transport, string endpoint, string reason);

    [LoggerMessage(5002, LogLevel.Information, "DNSBL responder stopped")]
    public static partial void DnsResponderStopped(ILogger logger);

    [LoggerMessage(5010, LogLevel.Information, "rbldnsd zone written to {Path}: {Entries} entries in {ElapsedMs} ms")]
    public static partial void RbldnsdExportWritten(ILogger logger, string path, int entries, long elapsedMs);

    [LoggerMessage(5011, LogLevel.Error, "rbldnsd zone could not be written to {Path} (the old file stays in place; retrying at the next change): {Reason}")]
    public static partial void RbldnsdExportFailed(ILogger logger, string path, string reason);

    [LoggerMessage(5020, LogLevel.Information, "UDP feed collector listening on {Endpoint}")]
    public static partial void FeedCollectorListening(ILogger logger, string endpoint);

    [LoggerMessage(5021, LogLevel.Information, "UDP feed sending verdicts to {Endpoint}")]
    public static partial void FeedSenderStarted(ILogger logger, string endpoint);

    [LoggerMessage(5022, LogLevel.Warning, "UDP feed could not send to {Endpoint}: {Reason}")]
    public static partial void FeedSendFailed(ILogger logger, string endpoint, string reason);

    [LoggerMessage(5023, LogLevel.Error, "UDP feed collector loop failed and keeps going: {Reason}")]
    public static partial void FeedCollectorLoopError(ILogger logger, string reason);

    [LoggerMessage(5040, LogLevel.Information, "UDP feed collector takes reports from {Reporters} reporters ({Trusted} trusted); {Revoked} revoked")]
    public static partial void FeedReporters(ILogger logger, int reporters, int trusted, int revoked);

    [LoggerMessage(5041, LogLevel.Warning, "UDP feed reporter {Reporter} reached its cap of {Cap} new addresses this minute; the rest are dropped and counted (logged at most once a minute)")]
    public static partial void FeedReporterCapped(ILogger logger, string reporter, int cap);

    [LoggerMessage(5042, LogLevel.Information, "UDP feed sending as reporter {Reporter}")]
    public static partial void FeedSenderReporter(ILogger logger, string reporter);

    [LoggerMessage(5030, LogLevel.Error, "Publishing from the local blacklist failed (retrying at the next poll): {Reason}")]
    public static partial void PublishPollFailed(ILogger logger, string reason);
}

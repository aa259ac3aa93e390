using Microsoft.Extensions.Logging;

namespace ActorTrap.Node;

/// <summary>Admin API events (6xxx) beyond the endpoint's start and refusals.</summary>
internal static partial class Log
{
    [LoggerMessage(6010, LogLevel.Warning, "Admin {Path} could not be answered: {Reason}")]
    public static partial void AdminRequestFailed(ILogger logger, string path, string reason);

    [LoggerMessage(6011, LogLevel.Warning, "Admin sent the cluster {Action} for {Address} (was {Status}), asked from {Remote}")]
    public static partial void ClusterActionSent(ILogger logger, string action, string address, string status, string remote);

    [LoggerMessage(6020, LogLevel.Information, "Metrics listening on http://{Endpoint}/metrics (no token: metrics only)")]
    public static partial void MetricsListening(ILogger logger, string endpoint);
}

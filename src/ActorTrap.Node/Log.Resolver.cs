using Microsoft.Extensions.Logging;

namespace ActorTrap.Node;

/// <summary>DNS and resolver events, 2xxx.</summary>
internal static partial class Log
{
    [LoggerMessage(2001, LogLevel.Warning, "DNSBL zone {Zone} disabled by its self-test: {Reason}")]
    public static partial void ZoneDisabled(ILogger logger, string zone, string reason);

    [LoggerMessage(2002, LogLevel.Information, "DNSBL zone {Zone} passed its self-test again and is re-enabled")]
    public static partial void ZoneEnabled(ILogger logger, string zone);
}

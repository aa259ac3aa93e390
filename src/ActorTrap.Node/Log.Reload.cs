using Microsoft.Extensions.Logging;

namespace ActorTrap.Node;

/// <summary>Configuration reload (SIGHUP, systemctl reload, POST /api/reload), 404x.</summary>
internal static partial class Log
{
    [LoggerMessage(4040, LogLevel.Information, "Configuration reloaded ({ConfigSource}): {Reloaded}; {NeedRestart} changed key(s) need a restart")]
    public static partial void ConfigReloaded(ILogger logger, string configSource, string reloaded, int needRestart);

    /// <remarks>One line per error, as <c>actortrap config check</c> prints it (file:line:column: problem).</remarks>
    [LoggerMessage(4041, LogLevel.Error, "Reload: {Error}")]
    public static partial void ReloadConfigError(ILogger logger, string error);

    [LoggerMessage(4042, LogLevel.Error, "Reload refused: the configuration has {Count} error(s), logged above; the running configuration stays")]
    public static partial void ReloadRefused(ILogger logger, int count);

    [LoggerMessage(4043, LogLevel.Warning, "Reload: {Key} changed but needs a restart; the running value stays until then")]
    public static partial void ReloadNeedsRestart(ILogger logger, string key);

    [LoggerMessage(4044, LogLevel.Warning, "Reload: the resolver did not confirm its new zones within {TimeoutMs} ms; they are in its mailbox")]
    public static partial void ReloadResolverSlow(ILogger logger, long timeoutMs);

    [LoggerMessage(4045, LogLevel.Information, "Reload requested by {Trigger}")]
    public static partial void ReloadRequested(ILogger logger, string trigger);

    [LoggerMessage(4046, LogLevel.Error, "Reload failed: {Reason}; the running configuration stays")]
    public static partial void ReloadFailed(ILogger logger, string reason);

    [LoggerMessage(4047, LogLevel.Warning, "SIGHUP while the node starts: ignored; send it again once the node has started")]
    public static partial void ReloadDuringStart(ILogger logger);
}

using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Configuration;

internal static partial class SettingsBinder
{
    private const string LevelNames = "trace, debug, info, warning, error, critical or none";

    private static LogOptions BindLog(SettingsReader r)
    {
        var format = r.String("actortrap.log.format").Trim().ToLowerInvariant();
        r.Require(format is "text" or "json", "actortrap.log.format", "must be \"text\" or \"json\"");
        var level = Level(r, "actortrap.log.level", r.String("actortrap.log.level"));
        var categories = new List<KeyValuePair<string, LogLevel>>();
        foreach (var entry in r.StringList("actortrap.log.categories"))
        {
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            var category = eq > 0 ? entry[..eq].Trim() : "";
            if (category.Length == 0)
            {
                r.Fail("actortrap.log.categories", $"\"{entry}\" must read \"Category=level\", e.g. \"ActorTrap.Smtp=debug\" or \"Akka=warning\"");
                continue;
            }

            categories.Add(new(category, Level(r, "actortrap.log.categories", entry[(eq + 1)..])));
        }

        var sessions = new SessionLogOptions(
            r.Boolean("actortrap.log.sessions.enabled"),
            Level(r, "actortrap.log.sessions.level", r.String("actortrap.log.sessions.level")),
            r.Int("actortrap.log.sessions.max-per-second", 1, 1_000_000));
        return new LogOptions(format == "json", level, categories, sessions);
    }

    /// <summary>A level by the names operators use (Akka's and syslog's spellings too: INFO, WARN).</summary>
    internal static LogLevel? ParseLevel(string text) => text.Trim().ToLowerInvariant() switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "info" or "information" => LogLevel.Information,
        "warn" or "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "critical" => LogLevel.Critical,
        "none" or "off" => LogLevel.None,
        _ => null,
    };

    private static LogLevel Level(SettingsReader r, string path, string text)
    {
        if (ParseLevel(text) is { } level)
        {
            return level;
        }

        r.Fail(path, $"\"{text.Trim()}\" is not a level: use {LevelNames}");
        return LogLevel.Information;
    }
}

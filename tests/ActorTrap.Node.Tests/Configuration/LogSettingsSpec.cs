using ActorTrap.Hocon;
using ActorTrap.Node.Configuration;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Tests.Configuration;

/// <summary>Issue 17: actortrap.log: format, level, per-category levels, the session line's switch, level and rate.</summary>
public sealed class LogSettingsSpec
{
    private static LoadedConfig Load(params string[] overrides) => NodeConfig.Load(new ConfigSources(null, overrides), _ => null);

    [Fact]
    public void Issue17_reference_gives_text_at_info_with_session_lines_at_info_50_a_second()
    {
        var log = Load().Settings!.Log;
        Assert.Equal((false, LogLevel.Information), (log.Json, log.Level));
        Assert.Empty(log.Categories);
        Assert.Equal(new SessionLogOptions(true, LogLevel.Information, 50), log.Sessions);
    }

    [Fact]
    public void Issue17_overrides_set_format_levels_categories_and_the_session_line()
    {
        var log = Load("actortrap.log.format=json", "actortrap.log.level=DEBUG", "actortrap.log.categories=[\"Akka=warn\", \"ActorTrap.Smtp.Sessions = none\"]",
            "actortrap.log.sessions.enabled=off", "actortrap.log.sessions.level=warning", "actortrap.log.sessions.max-per-second=5").Settings!.Log;
        Assert.Equal((true, LogLevel.Debug), (log.Json, log.Level));
        Assert.Equal([new("Akka", LogLevel.Warning), new("ActorTrap.Smtp.Sessions", LogLevel.None)], log.Categories);
        Assert.Equal(new SessionLogOptions(false, LogLevel.Warning, 5), log.Sessions);
    }

    [Fact]
    public void Issue17_environment_sets_format_and_level()
    {
        var env = new Dictionary<string, string> { ["ACTORTRAP_LOG_FORMAT"] = "json", ["ACTORTRAP_LOG_LEVEL"] = "warning" };
        var log = NodeConfig.Load(new ConfigSources(null, []), n => env.GetValueOrDefault(n)).Settings!.Log;
        Assert.Equal((true, LogLevel.Warning), (log.Json, log.Level));
    }

    [Fact]
    public void Issue17_bad_values_are_all_reported_with_their_keys()
    {
        var loaded = Load("actortrap.log.format=xml", "actortrap.log.level=loud", "actortrap.log.categories=[\"Akka\"]", "actortrap.log.sessions.max-per-second=0");
        Assert.Null(loaded.Settings);
        var errors = string.Join("\n", loaded.Errors);
        Assert.Contains("actortrap.log.format", errors, StringComparison.Ordinal);
        Assert.Contains("actortrap.log.level", errors, StringComparison.Ordinal);
        Assert.Contains("\"loud\" is not a level", errors, StringComparison.Ordinal);
        Assert.Contains("actortrap.log.categories", errors, StringComparison.Ordinal);
        Assert.Contains("actortrap.log.sessions.max-per-second", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Issue17_every_log_key_of_the_reference_is_in_the_configuration_table()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "hocon", "actortrap.conf")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var keys = HoconParser.ParseFile(Path.Combine(root.FullName, "hocon", "actortrap.conf")).Keys
            .Where(k => !k.IsObject && k.Path.StartsWith("actortrap.log.", StringComparison.Ordinal)).Select(k => k.Path).Distinct().ToList();
        Assert.Equal(6, keys.Count);
        var table = File.ReadAllText(Path.Combine(root.FullName, "docs", "configuration.md"));
        Assert.All(keys, k => Assert.Contains($"| `{k}` |", table, StringComparison.Ordinal));
    }
}

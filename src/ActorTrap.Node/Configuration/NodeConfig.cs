using ActorTrap.Hocon;

namespace ActorTrap.Node.Configuration;

/// <summary>
/// Loads a node's configuration: the built-in reference, then the file, then <c>--set</c> overrides, resolved
/// once; then rejects keys the reference does not know and binds every section, collecting all errors.
/// </summary>
public static class NodeConfig
{
    /// <summary>Origin name of the built-in reference configuration in messages.</summary>
    public const string ReferenceName = "actortrap.conf (built-in reference)";

    /// <summary>Origin name of <c>--set</c> overrides in messages.</summary>
    public const string OverrideName = "--set";

    private static readonly Lazy<HoconDocument> Reference = new(() =>
    {
        using var stream = typeof(NodeConfig).Assembly.GetManifestResourceStream("actortrap.conf")
            ?? throw new InvalidOperationException("the reference configuration is missing from the build");
        using var reader = new StreamReader(stream);
        return HoconParser.Parse(reader.ReadToEnd(), ReferenceName);
    });

    public static LoadedConfig Load(ConfigSources sources, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var errors = new List<ConfigError>();
        var layers = new List<HoconDocument> { Reference.Value };
        var description = "built-in reference";

        if (sources.File is not null)
        {
            TryParse(() => HoconParser.ParseFile(sources.File, allIncludesRequired: true), errors, layers);
            description += " + " + sources.File;
        }

        foreach (var assignment in sources.Overrides)
        {
            var eq = assignment.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                errors.Add(new ConfigError(OverrideName, $"expected key=value, got \"{assignment}\""));
                continue;
            }

            // The value is HOCON, so lists and objects can be set too; the key is taken as a path.
            TryParse(() => HoconParser.Parse($"{assignment[..eq].Trim()} = {assignment[(eq + 1)..]}", OverrideName), errors, layers);
        }

        if (sources.Overrides.Count > 0)
        {
            description += $" + {sources.Overrides.Count} --set";
        }

        foreach (var layer in layers.Skip(1))
        {
            UnknownKeys.Check(Reference.Value, layer, errors);
        }

        HoconConfig config;
        try
        {
            config = HoconConfig.Load(layers, environment);
        }
        catch (HoconException e)
        {
            errors.Add(ToError(e));
            return new LoadedConfig(null, null, errors, description);
        }

        var settings = SettingsBinder.Bind(config, errors);
        return new LoadedConfig(Redact(layers, config, environment), settings, errors, description, config);
    }

    internal static ConfigError ToError(HoconException e) =>
        e.Origin is { } origin
            ? new ConfigError(origin.ToString(), e.Path is null ? e.Reason : $"{e.Path}: {e.Reason}")
            : new ConfigError(e.Path ?? "configuration", e.Reason);

    private static void TryParse(Func<HoconDocument> parse, List<ConfigError> errors, List<HoconDocument> layers)
    {
        try
        {
            layers.Add(parse());
        }
        catch (HoconException e)
        {
            errors.Add(ToError(e));
        }
    }

    // Secrets must not be printed by `config check` (its output ends up in CI logs and tickets).
    private static readonly string[] SecretKeys = ["actortrap.admin.token", "actortrap.publish.udp-feed.key", "actortrap.metrics.otlp.headers"];

    /// <summary>Every reporter's key at the collector (<c>udp-feed.reporters.&lt;id&gt;.key</c>, issue 18).</summary>
    private static IEnumerable<string> ReporterKeyPaths(HoconConfig config)
    {
        const string reporters = "actortrap.publish.udp-feed.reporters";
        if (!config.HasPath(reporters) || config.GetValueKind(reporters) != HoconValueKind.Object)
        {
            return [];
        }

        // Ids that are not one plain HOCON key are refused by the binder; quoting them keeps the path right meanwhile.
        return config.GetConfig(reporters).Keys.Select(id => $"{reporters}.\"{id.Replace("\"", "", StringComparison.Ordinal)}\".key");
    }

    private static HoconConfig Redact(List<HoconDocument> layers, HoconConfig config, Func<string, string?> environment)
    {
        var redactions = SecretKeys.Concat(ReporterKeyPaths(config))
            .Where(k => config.HasPath(k) && config.GetValueKind(k) != HoconValueKind.Object && config.GetString(k).Length > 0)
            .Select(k => $"{k} = \"<redacted>\"").ToList();

        // The trap page's keys: their ids stay visible (which key seals, which still open), their secrets do not.
        const string trapKeys = "actortrap.traps.page.keys";
        if (config.HasPath(trapKeys) && config.GetValueKind(trapKeys) == HoconValueKind.Array)
        {
            try
            {
                // A secret of redacted length still passes the binder's length rule, so the printed configuration checks as the real one did.
                var ids = config.GetObjectList(trapKeys).Select(k => k.HasPath("id") ? k.GetString("id") : "").Select(id => id.All(char.IsAsciiDigit) && id.Length is > 0 and < 4 ? id : "0");
                redactions.Add($"{trapKeys} = [{string.Join(", ", ids.Select(id => $"{{id = {id}, secret = \"<redacted secret>\"}}"))}]");
            }
            catch (HoconException)
            {
                redactions.Add($"{trapKeys} = []");
            }
        }

        // The PostgreSQL connection string is shown with its password replaced (issue 5).
        // Either spelling: the documented key, or the one under `store` (see SettingsBinder.BindReputation).
        foreach (var connectionKey in (string[])[SettingsBinder.ConnectionKey, SettingsBinder.NestedConnectionKey])
        {
            if (config.HasPath(connectionKey) && config.GetValueKind(connectionKey) != HoconValueKind.Object && config.GetString(connectionKey).Length > 0)
            {
                var redacted = Reputation.Store.ConnectionStrings.Redact(config.GetString(connectionKey));
                redactions.Add($"{connectionKey} = \"{redacted.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
            }
        }

        if (redactions.Count == 0)
        {
            return config;
        }

        return HoconConfig.Load([.. layers, HoconParser.Parse(string.Join("\n", redactions), "redaction")], environment);
    }
}

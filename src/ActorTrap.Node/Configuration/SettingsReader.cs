using ActorTrap.Hocon;

namespace ActorTrap.Node.Configuration;

/// <summary>
/// Typed reads that never throw: a bad value becomes a <see cref="ConfigError"/> naming the key and where it was
/// set, and the read returns a placeholder so binding goes on and every problem is reported in one run.
/// </summary>
/// <param name="displayPrefix">Prepended to relative paths in messages, e.g. <c>actortrap.dnsbl.zones[1].</c> for one list element.</param>
internal sealed class SettingsReader(HoconConfig config, List<ConfigError> errors, string displayPrefix = "")
{
    public HoconConfig Config => config;

    /// <summary>A reader over one element of an object list, reporting into the same error list.</summary>
    public SettingsReader Element(HoconConfig element, string displayPath) => new(element, errors, displayPath + ".");

    public bool Failed { get; private set; }

    public string String(string path) => Read(path, config.GetString, string.Empty);

    public bool Boolean(string path) => Read(path, config.GetBoolean, false);

    public double Double(string path) => Read(path, config.GetDouble, 0);

    public IReadOnlyList<string> StringList(string path) => Read(path, config.GetStringList, []);

    public IReadOnlyList<HoconConfig> ObjectList(string path) => Read(path, config.GetObjectList, []);

    public int Int(string path, int min, int max)
    {
        var value = Read(path, config.GetInt, min);
        Require(value >= min && value <= max, path, $"must be between {min} and {max}, got {value}");
        return value;
    }

    public long Size(string path, long min, long max)
    {
        var value = Read(path, config.GetSize, min);
        Require(value >= min && value <= max, path, $"must be between {min} and {max} bytes, got {value}");
        return value;
    }

    public TimeSpan Duration(string path, TimeSpan min, TimeSpan max)
    {
        var value = Read(path, config.GetDuration, min);
        Require(value >= min && value <= max, path, $"must be between {DurationText(min)} and {DurationText(max)}, got {AsTyped(path)}");
        return value;
    }

    /// <summary>Records an error at the place <paramref name="path"/> was set unless <paramref name="condition"/> holds.</summary>
    public bool Require(bool condition, string path, string message)
    {
        if (!condition)
        {
            Fail(path, message);
        }

        return condition;
    }

    public void Fail(string path, string message)
    {
        Failed = true;
        var origin = config.HasPath(path) ? config.GetOrigin(path).ToString() : "configuration";
        errors.Add(new ConfigError(origin, $"{displayPrefix}{path}: {message}"));
    }

    private T Read<T>(string path, Func<string, T> getter, T placeholder)
    {
        try
        {
            return getter(path);
        }
        catch (HoconException e)
        {
            Failed = true;
            errors.Add(NodeConfig.ToError(e));
            return placeholder;
        }
    }

    /// <summary>
    /// A value as the operator wrote it (issue 16: <c>1000d</c> was reported as <c>1440000m</c>); a bare number is
    /// milliseconds to the duration reader, so it is shown with that unit.
    /// </summary>
    private string AsTyped(string path)
    {
        var text = config.GetString(path).Trim();
        return config.GetValueKind(path) == HoconValueKind.Number ? text + "ms" : text;
    }

    /// <summary>A bound in the largest unit that states it exactly: 7d, 1h, 90s, 100ms.</summary>
    private static string DurationText(TimeSpan t)
    {
        if (t == Timeout.InfiniteTimeSpan)
        {
            return "infinite";
        }

        foreach (var (unit, name) in Units)
        {
            if (t >= unit && t.Ticks % unit.Ticks == 0)
            {
                return $"{t.Ticks / unit.Ticks}{name}";
            }
        }

        return t == TimeSpan.Zero ? "0s" : $"{t.TotalMilliseconds}ms";
    }

    private static readonly (TimeSpan Unit, string Name)[] Units =
        [(TimeSpan.FromDays(1), "d"), (TimeSpan.FromHours(1), "h"), (TimeSpan.FromMinutes(1), "m"), (TimeSpan.FromSeconds(1), "s"), (TimeSpan.FromMilliseconds(1), "ms")];
}

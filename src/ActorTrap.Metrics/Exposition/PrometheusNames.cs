using System.Globalization;
using System.Text;

namespace ActorTrap.Metrics.Exposition;

/// <summary>
/// Names and values as the text exposition format 0.0.4 allows them: metric names <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>,
/// label names <c>[a-zA-Z_][a-zA-Z0-9_]*</c> (leading <c>__</c> is reserved for Prometheus itself), label values with
/// backslash, double quote and line feed escaped, HELP text with backslash and line feed escaped.
/// </summary>
internal static class PrometheusNames
{
    // UCUM units as System.Diagnostics.Metrics instruments declare them, and the Prometheus base-unit word.
    private static readonly Dictionary<string, string> UnitSuffixes = new(StringComparer.Ordinal)
    {
        ["s"] = "seconds",
        ["ms"] = "milliseconds",
        ["us"] = "microseconds",
        ["By"] = "bytes",
        ["KiBy"] = "kibibytes",
        ["MiBy"] = "mebibytes",
        ["%"] = "percent",
    };

    public static string MetricName(string instrumentName, string? unit, MetricKind kind)
    {
        var text = new StringBuilder(instrumentName.Length + 16);
        foreach (var c in instrumentName)
        {
            text.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or ':' ? c : '_');
        }

        if (text.Length == 0 || char.IsAsciiDigit(text[0]))
        {
            text.Insert(0, '_');
        }

        var name = text.ToString();
        if (unit is not null && UnitSuffixes.TryGetValue(unit, out var suffix) && !name.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            name += "_" + suffix;
        }

        if (kind == MetricKind.Counter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }

        return name;
    }

    public static string LabelName(string tagKey)
    {
        var text = new StringBuilder(tagKey.Length + 1);
        foreach (var c in tagKey)
        {
            text.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }

        if (text.Length == 0 || char.IsAsciiDigit(text[0]))
        {
            text.Insert(0, '_');
        }

        while (text.Length > 1 && text[0] == '_' && text[1] == '_')
        {
            text.Remove(0, 1);
        }

        // "le" belongs to histogram buckets; a tag of that name would collide with it.
        return text.ToString() is "le" or "quantile" ? "_" + text : text.ToString();
    }

    public static void AppendEscapedLabelValue(StringBuilder text, string value)
    {
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => text.Append("\\\\"),
                '"' => text.Append("\\\""),
                '\n' => text.Append("\\n"),
                _ => text.Append(c),
            };
        }
    }

    public static void AppendEscapedHelp(StringBuilder text, string help)
    {
        foreach (var c in help)
        {
            _ = c switch
            {
                '\\' => text.Append("\\\\"),
                '\n' => text.Append("\\n"),
                '\r' => text.Append(' '),
                _ => text.Append(c),
            };
        }
    }

    /// <summary>A sample value as Go's ParseFloat reads it: shortest round-trip form, <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.</summary>
    public static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}

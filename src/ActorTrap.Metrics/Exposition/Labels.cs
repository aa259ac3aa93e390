using System.Globalization;
using System.Text;

namespace ActorTrap.Metrics.Exposition;

/// <summary>Renders tags as Prometheus label pairs: names sanitised, values escaped, sorted by name, duplicates dropped.</summary>
internal static class Labels
{
    /// <summary>A tag value longer than this is cut: labels are for small enumerations, not for payloads.</summary>
    public const int MaxValueLength = 256;

    public static string Render(KeyValuePair<string, object?>[] tags)
    {
        if (tags.Length == 0)
        {
            return string.Empty;
        }

        var pairs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            var name = PrometheusNames.LabelName(tag.Key);
            pairs.TryAdd(name, Format(tag.Value));
        }

        var text = new StringBuilder();
        foreach (var (name, value) in pairs)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(name).Append("=\"");
            PrometheusNames.AppendEscapedLabelValue(text, value);
            text.Append('"');
        }

        return text.ToString();
    }

    private static string Format(object? value)
    {
        var text = value switch
        {
            null => string.Empty,
            string s => s,
            bool b => b ? "true" : "false",
            Enum e => e.ToString(),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };
        return text.Length > MaxValueLength ? text[..MaxValueLength] : text;
    }
}

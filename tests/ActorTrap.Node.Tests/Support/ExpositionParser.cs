using System.Globalization;
using System.Text;

namespace ActorTrap.Node.Tests.Support;

/// <summary>
/// A strict reader of the Prometheus text format 0.0.4, written from the format's description rather than from the
/// renderer (OpenTelemetry's Prometheus exporter since issue 17): it rejects what the format forbids (bad names, unknown escapes, a TYPE after samples, a family split in
/// two, a duplicate series, histogram buckets that are not cumulative or lack +Inf, _count unlike the +Inf bucket).
/// </summary>
public static class ExpositionParser
{
    private static readonly HashSet<string> Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    public static Exposition Parse(string text)
    {
        if (text.Length > 0 && text[^1] != '\n')
        {
            throw new FormatException("the exposition must end with a line feed");
        }

        var families = new List<Builder>();
        var byName = new Dictionary<string, Builder>(StringComparer.Ordinal);
        var seenSeries = new HashSet<string>(StringComparer.Ordinal);
        Builder? current = null;
        var lines = text.Split('\n');
        for (var n = 0; n < lines.Length - 1; n++)
        {
            var line = lines[n];
            var where = $"line {n + 1}: {line}";
            if (line.Length == 0)
            {
                throw new FormatException($"{where}: empty line (allowed by the format, but this renderer never writes one)");
            }

            if (line.StartsWith('#'))
            {
                var parts = line.Split(' ', 4);
                if (parts.Length >= 3 && parts[0] == "#" && parts[1] is "HELP" or "TYPE")
                {
                    var name = parts[2];
                    RequireMetricName(name, where);
                    var family = Family(name, where);
                    if (parts[1] == "HELP")
                    {
                        if (family.Help is not null)
                        {
                            throw new FormatException($"{where}: second HELP for {name}");
                        }

                        family.Help = parts.Length == 4 ? UnescapeHelp(parts[3], where) : string.Empty;
                    }
                    else
                    {
                        if (family.Type is not null || family.Samples.Count > 0)
                        {
                            throw new FormatException($"{where}: TYPE for {name} must come once, before its samples");
                        }

                        if (parts.Length != 4 || !Types.Contains(parts[3]))
                        {
                            throw new FormatException($"{where}: unknown type");
                        }

                        family.Type = parts[3];
                    }
                }

                continue;
            }

            var sample = ParseSample(line, where);
            var owner = Owner(sample.Name);
            if (!ReferenceEquals(owner, current) && owner.Samples.Count > 0)
            {
                throw new FormatException($"{where}: samples of {owner.Name} are not contiguous");
            }

            var key = sample.Name + "{" + string.Join(",", sample.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) + "}";
            if (!seenSeries.Add(key))
            {
                throw new FormatException($"{where}: duplicate series {key}");
            }

            owner.Samples.Add(sample);
            current = owner;
        }

        var result = families.Select(f => new ParsedFamily(f.Name, f.Type ?? "untyped", f.Help, f.Samples)).ToList();
        foreach (var family in result.Where(f => f.Type == "histogram"))
        {
            CheckHistogram(family);
        }

        return new Exposition(result);

        Builder Family(string name, string where)
        {
            if (byName.TryGetValue(name, out var existing))
            {
                if (existing.Samples.Count > 0 && !ReferenceEquals(existing, current))
                {
                    throw new FormatException($"{where}: metadata for {name} after its samples ended");
                }

                return existing;
            }

            var created = new Builder(name);
            families.Add(created);
            byName.Add(name, created);
            return created;
        }

        Builder Owner(string sampleName)
        {
            foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
            {
                if (sampleName.EndsWith(suffix, StringComparison.Ordinal)
                    && byName.TryGetValue(sampleName[..^suffix.Length], out var h) && h.Type is "histogram" or "summary")
                {
                    return h;
                }
            }

            return byName.TryGetValue(sampleName, out var f) ? f : Family(sampleName, sampleName);
        }
    }

    private static ParsedSample ParseSample(string line, string where)
    {
        var i = 0;
        while (i < line.Length && line[i] is not ('{' or ' '))
        {
            i++;
        }

        var name = line[..i];
        RequireMetricName(name, where);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (true)
            {
                if (i < line.Length && line[i] == '}')
                {
                    i++;
                    break;
                }

                var start = i;
                while (i < line.Length && line[i] != '=')
                {
                    i++;
                }

                var labelName = line[start..i];
                if (!IsLabelName(labelName))
                {
                    throw new FormatException($"{where}: bad label name '{labelName}'");
                }

                if (i + 1 >= line.Length || line[i + 1] != '"')
                {
                    throw new FormatException($"{where}: label value must be quoted");
                }

                i += 2;
                var value = new StringBuilder();
                while (true)
                {
                    if (i >= line.Length)
                    {
                        throw new FormatException($"{where}: unterminated label value");
                    }

                    var c = line[i++];
                    if (c == '"')
                    {
                        break;
                    }

                    if (c == '\\')
                    {
                        if (i >= line.Length)
                        {
                            throw new FormatException($"{where}: dangling backslash");
                        }

                        value.Append(line[i++] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            var other => throw new FormatException($"{where}: unknown escape \\{other} in a label value"),
                        });
                        continue;
                    }

                    value.Append(c);
                }

                if (!labels.TryAdd(labelName, value.ToString()))
                {
                    throw new FormatException($"{where}: label {labelName} twice");
                }

                if (i < line.Length && line[i] == ',')
                {
                    i++;
                }
                else if (i >= line.Length || line[i] != '}')
                {
                    throw new FormatException($"{where}: expected ',' or '}}' after a label");
                }
            }
        }

        if (i >= line.Length || line[i] != ' ')
        {
            throw new FormatException($"{where}: expected a space before the value");
        }

        var fields = line[(i + 1)..].Split(' ');
        if (fields.Length is < 1 or > 2)
        {
            throw new FormatException($"{where}: expected a value and an optional timestamp");
        }

        if (fields.Length == 2 && !long.TryParse(fields[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            throw new FormatException($"{where}: bad timestamp");
        }

        return new ParsedSample(name, labels, ParseValue(fields[0], where));
    }

    public static double ParseValue(string text, string where) => text switch
    {
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && text.Trim() == text => v,
        _ => throw new FormatException($"{where}: bad value '{text}'"),
    };

    private static void CheckHistogram(ParsedFamily family)
    {
        var bySeries = family.Samples.GroupBy(s => string.Join(",", s.Labels.Where(l => l.Key != "le").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")));
        foreach (var series in bySeries)
        {
            var buckets = series.Where(s => s.Name == family.Name + "_bucket").ToList();
            var previousBound = double.NegativeInfinity;
            var previousCount = 0.0;
            foreach (var bucket in buckets)
            {
                var bound = ParseValue(bucket.Labels.TryGetValue("le", out var le) ? le : throw new FormatException($"{family.Name}: bucket without le"), family.Name);
                if (bound <= previousBound)
                {
                    throw new FormatException($"{family.Name}: bucket bounds must increase ({le} after {previousBound})");
                }

                if (bucket.Value < previousCount)
                {
                    throw new FormatException($"{family.Name}: bucket counts must be cumulative (le={le})");
                }

                (previousBound, previousCount) = (bound, bucket.Value);
            }

            if (buckets.Count == 0 || !double.IsPositiveInfinity(previousBound))
            {
                throw new FormatException($"{family.Name}: the last bucket must be le=\"+Inf\"");
            }

            var count = series.Single(s => s.Name == family.Name + "_count").Value;
            _ = series.Single(s => s.Name == family.Name + "_sum");
            if (count != previousCount)
            {
                throw new FormatException($"{family.Name}: _count {count} differs from the +Inf bucket {previousCount}");
            }
        }
    }

    private static string UnescapeHelp(string text, string where)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                result.Append(text[i]);
                continue;
            }

            result.Append(++i < text.Length ? text[i] switch
            {
                '\\' => '\\',
                'n' => '\n',
                var other => throw new FormatException($"{where}: unknown escape \\{other} in HELP"),
            } : throw new FormatException($"{where}: dangling backslash in HELP"));
        }

        return result.ToString();
    }

    private static void RequireMetricName(string name, string where)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] is '_' or ':') || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':'))
        {
            throw new FormatException($"{where}: bad metric name '{name}'");
        }
    }

    private static bool IsLabelName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !name.StartsWith("__", StringComparison.Ordinal);

    private sealed class Builder(string name)
    {
        public string Name { get; } = name;

        public string? Type { get; set; }

        public string? Help { get; set; }

        public List<ParsedSample> Samples { get; } = [];
    }
}

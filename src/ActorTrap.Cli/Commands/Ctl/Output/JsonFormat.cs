using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ActorTrap.Cli.Commands.Ctl.Output;

/// <summary>How values from the admin API read in a table: numbers grouped, times with their age, durations in units.</summary>
internal static class JsonFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A property value as text; <paramref name="now"/> is the node's clock for "ago".</summary>
    public static string Value(JsonElement value, string name, DateTimeOffset now) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => "-",
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        JsonValueKind.Number when name.EndsWith("Seconds", StringComparison.Ordinal) && value.TryGetDouble(out var s) => Duration(TimeSpan.FromSeconds(s)),
        JsonValueKind.Number => Number(value),
        JsonValueKind.String when Time(value) is { } t => $"{t.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z ({Ago(t, now)})",
        JsonValueKind.String => SafeText.Plain(value.GetString()!),
        JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(v => Value(v, name, now))),
        _ => SafeText.Plain(value.GetRawText()),
    };

    public static string Number(JsonElement value) =>
        value.TryGetInt64(out var i) ? i.ToString("N0", Invariant)
        : value.TryGetDouble(out var d) ? d.ToString("0.###", Invariant)
        : value.GetRawText();

    /// <summary>ISO 8601 timestamps as ASP.NET writes DateTimeOffset; other strings are left alone.</summary>
    public static DateTimeOffset? Time(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && value.GetString() is { Length: >= 19 } s && s[4] == '-' && s[10] == 'T'
            && DateTimeOffset.TryParse(s, Invariant, DateTimeStyles.RoundtripKind, out var t)
            ? t
            : null;

    /// <summary>
    /// "3m 20s ago" for a past time, "in 3d 4h" for a future one (an expiry). <paramref name="now"/> is the node's
    /// Date header: whole seconds, and Kestrel renews it once a second, so it may be up to two seconds behind the
    /// node's clock; a time less than that after it is "now" (0s ago), not the future.
    /// </summary>
    public static string Ago(DateTimeOffset time, DateTimeOffset now) =>
        time - now > FutureAfter ? $"in {Duration(time - now)}" : $"{Duration(now - time)} ago";

    /// <summary>How far the Date header may lag: a time less than this after it may still be in the past.</summary>
    private static readonly TimeSpan FutureAfter = TimeSpan.FromSeconds(2);

    /// <summary>Largest two units: 45s, 3m 20s, 2h 5m, 1d 4h; negative spans (clock skew) show as 0s.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return span.TotalDays >= 1 ? $"{(int)span.TotalDays}d {span.Hours}h"
            : span.TotalHours >= 1 ? $"{span.Hours}h {span.Minutes}m"
            : span.TotalMinutes >= 1 ? $"{span.Minutes}m {span.Seconds}s"
            : span.TotalSeconds >= 10 ? $"{span.Seconds}s"
            : $"{span.TotalSeconds.ToString("0.#", Invariant)}s";
    }

    /// <summary><c>sessionsEnded</c> → <c>sessions ended</c>, for keys the command has no header for.</summary>
    public static string Humanize(string name)
    {
        var b = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && b.Length > 0)
            {
                b.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                b.Append(c == '_' || c == '-' ? ' ' : c);
            }
        }

        return b.ToString();
    }

    public static bool IsScalar(JsonElement value) => value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)
        || (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)));
}

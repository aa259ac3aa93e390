using System.CommandLine;
using System.Globalization;
using ActorTrap.Cli.Commands.Ctl.Output;

namespace ActorTrap.Cli.Commands.Ctl;

/// <summary>
/// <c>--expires</c> of <c>ctl list</c> and <c>ctl import</c>: how long a manual listing lasts, as whole numbers with
/// units (<c>90s</c>, <c>30m</c>, <c>12h</c>, <c>7d</c>, <c>2w</c>, or several: <c>1d12h</c>), from 1 s to ten years
/// (the node's bounds). Sent as seconds, so the node's clock decides when it ends.
/// </summary>
internal static class ExpiryInput
{
    private const long MaxSeconds = 3650L * 86400;

    public static Option<string?> Option() =>
        new("--expires") { Description = "End the listing after this long, e.g. 12h, 7d, 1d12h (default: until delisted)" };

    /// <summary>Null when not given; a usage error when not a duration in range.</summary>
    public static long? Seconds(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var trimmed = text.Trim().ToLowerInvariant();
        long total = 0;
        var i = 0;
        while (i < trimmed.Length)
        {
            var start = i;
            while (i < trimmed.Length && char.IsAsciiDigit(trimmed[i]))
            {
                i++;
            }

            if (i == start || i == trimmed.Length || !long.TryParse(trimmed.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                throw Bad(text);
            }

            var unit = trimmed[i++] switch
            {
                's' => 1L,
                'm' => 60L,
                'h' => 3600L,
                'd' => 86400L,
                'w' => 7 * 86400L,
                _ => throw Bad(text),
            };
            total += Math.Min(n, MaxSeconds + 1) * unit;
            if (total > MaxSeconds)
            {
                throw CtlException.Usage($"--expires: \"{SafeText.Plain(text, 40)}\" is longer than ten years; leave --expires out to list until delisted");
            }
        }

        return total >= 1 ? total : throw Bad(text);
    }

    private static CtlException Bad(string text) =>
        CtlException.Usage($"--expires: \"{SafeText.Plain(text, 40)}\" is not a duration such as 90s, 30m, 12h, 7d, 2w or 1d12h");
}

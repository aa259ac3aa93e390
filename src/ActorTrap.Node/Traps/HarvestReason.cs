using System.Globalization;
using System.Net;

namespace ActorTrap.Node.Traps;

/// <summary>
/// The reason a harvester listing keeps for each use of an address it harvested, in the store's reason alphabet
/// (lower case, at most 63 characters): <c>harvest:20261206t1000:3h:192.0.2.9</c> (bucket start in UTC, delay,
/// who used it). A full-length IPv6 user does not fit and is left out (it is listed under its own address anyway).
/// <see cref="Describe"/> turns it into words for TXT answers, <c>ctl lookup</c> and the dashboard.
/// </summary>
internal static class HarvestReason
{
    public const string Prefix = "harvest:";
    private const int MaxLength = 63;
    private const string TimeFormat = "yyyyMMdd't'HHmm";

    public static string Format(HarvestEvidence harvest)
    {
        ArgumentNullException.ThrowIfNull(harvest);
        var head = Prefix + harvest.HarvestedAt.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture)
            + ":" + Delay(harvest.Delay);
        var full = head + ":" + harvest.Spammer;
        return full.Length <= MaxLength ? full : head;
    }

    /// <summary>Short delay: minutes under two hours, hours under two days, else days.</summary>
    public static string Delay(TimeSpan delay) =>
        delay < TimeSpan.FromHours(2) ? $"{(long)delay.TotalMinutes}m"
        : delay < TimeSpan.FromDays(2) ? $"{(long)delay.TotalHours}h"
        : $"{(long)delay.TotalDays}d";

    /// <summary>The parts of a harvest reason; false for any other reason.</summary>
    public static bool TryParse(string reason, out DateTimeOffset harvestedAt, out string delay, out IPAddress? usedBy)
    {
        (harvestedAt, delay, usedBy) = (default, "", null);
        if (reason is null || !reason.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = reason[Prefix.Length..].Split(':', 3);
        if (parts.Length < 2 || !DateTime.TryParseExact(parts[0], TimeFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at))
        {
            return false;
        }

        harvestedAt = new DateTimeOffset(at, TimeSpan.Zero);
        delay = parts[1];
        usedBy = parts.Length == 3 && IPAddress.TryParse(parts[2], out var ip) ? ip : null;
        return true;
    }

    /// <summary>"harvested 2026-12-06T10:00Z, used by 192.0.2.9 after 3h" for a harvest reason; any other reason unchanged.</summary>
    public static string Describe(string reason) =>
        TryParse(reason, out var at, out var delay, out var by)
            ? $"harvested {at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture)}, used"
              + (by is null ? "" : $" by {by}") + $" after {delay}"
            : reason;
}

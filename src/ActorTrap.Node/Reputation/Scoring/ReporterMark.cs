using System.Globalization;
using System.Text;

namespace ActorTrap.Node.Reputation.Scoring;

/// <summary>
/// Who reported an address and when (issue 18): a UDP feed reporter's key id, or <see cref="LocalId"/> for the
/// sessions of the cluster's own nodes, which count as one trusted reporter. The listing rule lists an address whose
/// evidence comes only from remote reporters once enough of them agree within the window
/// (<see cref="Scorer.Corroborated"/>).
/// </summary>
/// <param name="Id">A configured key id (<c>[a-z0-9][a-z0-9_-]{0,31}</c>), or <see cref="LocalId"/>.</param>
/// <param name="At">The newest report of this reporter about the address (whole milliseconds).</param>
/// <param name="Trusted">The reporter was configured as trusted when it reported (the local sessions always are).</param>
internal readonly record struct ReporterMark(string Id, DateTimeOffset At, bool Trusted)
{
    /// <summary>The cluster's own sessions: not a valid key id, so no reporter can pass itself off as them.</summary>
    public const string LocalId = "*";

    /// <summary>Reporters kept per address: bounds the row, the spool record and the TXT text (the newest are kept).</summary>
    public const int MaxPerAddress = 16;

    public bool IsLocal => Id == LocalId;

    public static ReporterMark Local(DateTimeOffset at) => new(LocalId, at, true);

    /// <summary>
    /// Marks of both lists, one per reporter (its newest time; trusted if either says so), without those older than
    /// <paramref name="window"/> before <paramref name="now"/>, newest first, at most <see cref="MaxPerAddress"/>.
    /// </summary>
    public static IReadOnlyList<ReporterMark> Union(IReadOnlyList<ReporterMark> a, IReadOnlyList<ReporterMark> b, DateTimeOffset? now, TimeSpan window)
    {
        if (b.Count == 0 && now is null && a.Count <= MaxPerAddress)
        {
            return a;
        }

        var byId = new Dictionary<string, ReporterMark>(StringComparer.Ordinal);
        foreach (var m in a.Concat(b))
        {
            if (now is { } n && m.At + window <= n)
            {
                continue;
            }

            byId[m.Id] = byId.TryGetValue(m.Id, out var had)
                ? new ReporterMark(m.Id, had.At > m.At ? had.At : m.At, had.Trusted || m.Trusted)
                : m;
        }

        return [.. byId.Values.OrderByDescending(m => m.At).ThenBy(m => m.Id, StringComparer.Ordinal).Take(MaxPerAddress)];
    }

    /// <summary>Remote reporters' ids, sorted: what the TXT answer and <c>ctl lookup</c> name.</summary>
    public static IReadOnlyList<string> RemoteIds(IReadOnlyList<ReporterMark> marks) =>
        [.. marks.Where(m => !m.IsLocal).Select(m => m.Id).Order(StringComparer.Ordinal)];

    /// <summary>The store's text form: <c>id@unix-ms[!]</c> joined by spaces, <c>!</c> for trusted. Empty for none.</summary>
    public static string Format(IReadOnlyList<ReporterMark> marks)
    {
        var text = new StringBuilder(marks.Count * 24);
        foreach (var m in marks)
        {
            text.Append(text.Length == 0 ? "" : " ").Append(m.Id).Append('@')
                .Append(m.At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)).Append(m.Trusted ? "!" : "");
        }

        return text.ToString();
    }

    /// <summary>Reads <see cref="Format"/>'s text; items that do not parse are skipped (the store wrote them, so none should).</summary>
    public static IReadOnlyList<ReporterMark> Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var marks = new List<ReporterMark>();
        foreach (var item in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = item.LastIndexOf('@');
            var trusted = item.EndsWith('!');
            var ms = item[(at + 1)..(trusted ? item.Length - 1 : item.Length)];
            if (at > 0 && long.TryParse(ms, NumberStyles.None, CultureInfo.InvariantCulture, out var unixMs) && unixMs <= 253402300799999)
            {
                marks.Add(new ReporterMark(item[..at], DateTimeOffset.FromUnixTimeMilliseconds(unixMs), trusted));
            }
        }

        return marks;
    }

    /// <summary>A key id as the configuration and the ATF2 wire accept it: no dot, so it is one HOCON key.</summary>
    public static bool IsValidId(string id) =>
        id.Length is > 0 and <= 32 && (char.IsAsciiLetterLower(id[0]) || char.IsAsciiDigit(id[0]))
        && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_');
}

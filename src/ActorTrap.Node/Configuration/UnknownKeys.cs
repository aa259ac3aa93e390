using ActorTrap.Hocon;

namespace ActorTrap.Node.Configuration;

/// <summary>
/// Rejects keys under <c>actortrap</c> that the reference configuration does not define, naming where they were
/// written and the closest known key, so a typo stops start-up instead of silently leaving a default in force.
/// Keys outside <c>actortrap</c> are the user's own (values to substitute from) and are left alone.
/// </summary>
internal static class UnknownKeys
{
    private const string Root = "actortrap";

    /// <summary>Objects whose keys are the user's names (reporters by key id); the binder checks what is inside.</summary>
    private static readonly string[] Maps = ["actortrap.publish.udp-feed.reporters"];

    public static void Check(HoconDocument reference, HoconDocument layer, List<ConfigError> errors)
    {
        var known = reference.Keys.ToDictionary(k => k.Path, k => k.IsObject, StringComparer.Ordinal);
        foreach (var key in layer.Keys)
        {
            if (!key.Path.StartsWith(Root + ".", StringComparison.Ordinal) || known.ContainsKey(key.Path)
                || Maps.Any(m => key.Path.StartsWith(m + ".", StringComparison.Ordinal)))
            {
                continue;
            }

            // Only the first unknown segment is reported: its children are unknown by implication.
            var parent = key.Path[..key.Path.LastIndexOf('.')];
            if (parent != Root && !known.ContainsKey(parent))
            {
                continue;
            }

            if (known.TryGetValue(parent, out var parentIsObject) && !parentIsObject)
            {
                continue; // a scalar or list replaced by an object: the binder reports the wrong type
            }

            var hint = Closest(key.Path, known.Keys.Where(k => k.StartsWith(parent + ".", StringComparison.Ordinal) && k.LastIndexOf('.') == parent.Length));
            errors.Add(new ConfigError(key.Origin.ToString(),
                $"unknown key {key.Path}" + (hint is null ? $" (see hocon/actortrap.conf for the keys under {parent})" : $" (did you mean {hint}?)")));
        }
    }

    private static string? Closest(string path, IEnumerable<string> candidates)
    {
        var name = path[(path.LastIndexOf('.') + 1)..];
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var d = Distance(name, candidate[(candidate.LastIndexOf('.') + 1)..]);
            if (d < bestDistance)
            {
                (best, bestDistance) = (candidate, d);
            }
        }

        return bestDistance <= Math.Max(2, name.Length / 3) ? best : null;
    }

    // Levenshtein distance; key names are short, so the simple two-row version is plenty.
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}

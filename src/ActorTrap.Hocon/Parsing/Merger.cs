using ActorTrap.Hocon.Model;

namespace ActorTrap.Hocon.Parsing;

/// <summary>Sets a field the way the spec merges duplicate keys, and binds self-referential substitutions to the earlier value.</summary>
internal static class Merger
{
    /// <summary>Assigns <paramref name="value"/> to <paramref name="key"/> of <paramref name="target"/>.</summary>
    /// <param name="fieldPath">Absolute path of the field, to recognise <c>${path}</c> inside its own value.</param>
    /// <param name="bindAlways">
    /// While parsing one document a self-reference with no earlier value stays open, because a lower-priority document
    /// merged later may supply one. When documents are layered (<see cref="HoconConfig.Load"/>) every self-reference is bound.
    /// </param>
    public static void Assign(HObject target, string key, HNode value, HoconOrigin keyOrigin, IReadOnlyList<string>? fieldPath, bool bindAlways, object owner)
    {
        var previous = target.Get(key)?.Value;
        var bound = fieldPath is null ? value : Bind(value, fieldPath, previous, bindAlways);
        target.Set(key, new HField(Combine(bound, previous, fieldPath, bindAlways, owner), keyOrigin));
    }

    /// <summary>Lays a value over an earlier one: objects merge, an unresolved side delays the decision, anything else wins.</summary>
    /// <param name="path">Absolute path of the value, or null when merging objects whose place is unknown (concatenation, resolution): then nothing is bound.</param>
    public static HNode Combine(HNode value, HNode? previous, IReadOnlyList<string>? path, bool bindAlways, object owner)
    {
        if (value is HObject obj)
        {
            if (previous is HObject earlier)
            {
                var merged = ReferenceEquals(earlier.Owner, owner) ? earlier : earlier.CopyFor(owner);
                foreach (var (key, field) in obj.Fields)
                {
                    Assign(merged, key, field.Value, field.KeyOrigin, path is null ? null : [.. path, key], bindAlways, owner);
                }

                return merged;
            }

            var fresh = bindAlways && path is not null ? Rebind(obj, path, owner) : obj;
            return previous is { IsUnresolved: true } ? new HDelayedMerge(fresh, previous) : fresh;
        }

        return value.IsUnresolved && previous is not null ? new HDelayedMerge(value, previous) : value;
    }

    // An object replacing a non-object still needs its own fields' self-references bound (to "no earlier value").
    private static HObject Rebind(HObject obj, IReadOnlyList<string> path, object owner)
    {
        var fresh = new HObject(obj.Origin, owner);
        foreach (var (key, field) in obj.Fields)
        {
            Assign(fresh, key, field.Value, field.KeyOrigin, [.. path, key], bindAlways: true, owner);
        }

        return fresh;
    }

    // Only substitutions at the top of the value (alone or in a concatenation) look back; inside an object or array
    // literal they are ordinary forward references, so `a = { b = ${a} }` and `a = [${a}]` stay cycles as the spec says.
    private static HNode Bind(HNode value, IReadOnlyList<string> fieldPath, HNode? previous, bool bindAlways)
    {
        switch (value)
        {
            case HSubst s when (previous is not null || bindAlways) && IsSelf(s, fieldPath, out var suffix):
                return new HLookBack(s.Origin, previous, suffix, s);
            case HConcat c:
                var parts = c.Parts.Select(p => Bind(p, fieldPath, previous, bindAlways)).ToList();
                return parts.SequenceEqual(c.Parts) ? c : new HConcat(c.Origin, parts);
            case HLookBack { Previous: { } earlier } b:
                // The earlier value may hold self-references of its own still waiting for a lower-priority document.
                var rebound = Bind(earlier, fieldPath, previous, bindAlways);
                return ReferenceEquals(rebound, earlier) ? b : new HLookBack(b.Origin, rebound, b.Suffix, b.Source);
            case HDelayedMerge d:
                var top = Bind(d.Top, fieldPath, previous, bindAlways);
                var below = Bind(d.Below, fieldPath, previous, bindAlways);
                return ReferenceEquals(top, d.Top) && ReferenceEquals(below, d.Below) ? d : new HDelayedMerge(top, below);
            default:
                return value;
        }
    }

    private static bool IsSelf(HSubst s, IReadOnlyList<string> fieldPath, out IReadOnlyList<string> suffix)
    {
        if (s.Prefix.Count > 0 && StartsWith([.. s.Prefix, .. s.Path], fieldPath, out suffix))
        {
            return true;
        }

        return StartsWith(s.Path, fieldPath, out suffix);
    }

    private static bool StartsWith(IReadOnlyList<string> path, IReadOnlyList<string> prefix, out IReadOnlyList<string> suffix)
    {
        suffix = [];
        if (prefix.Count == 0 || path.Count < prefix.Count)
        {
            return false;
        }

        for (var i = 0; i < prefix.Count; i++)
        {
            if (!string.Equals(path[i], prefix[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        suffix = path.Skip(prefix.Count).ToArray();
        return true;
    }
}

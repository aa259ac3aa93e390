using ActorTrap.Hocon.Model;

namespace ActorTrap.Hocon.Parsing;

/// <summary>Joins the resolved parts of a value concatenation: strings join keeping inner whitespace, arrays append,
/// objects merge, and mixing a string with an array or object is an error.</summary>
internal static class Concatenation
{
    // A concatenation result larger than this is almost certainly substitutions doubling a value on every line.
    public const int MaxLength = 4_000_000;

    public static HNode? Fold(IReadOnlyList<HNode> parts, object owner)
    {
        var start = 0;
        var end = parts.Count;
        while (start < end && IsSpace(parts[start]))
        {
            start++;
        }

        while (end > start && IsSpace(parts[end - 1]))
        {
            end--;
        }

        if (start == end)
        {
            return null;
        }

        if (end - start == 1)
        {
            return parts[start];
        }

        var solid = new List<HNode>();
        for (var i = start; i < end; i++)
        {
            if (!IsSpace(parts[i]))
            {
                solid.Add(parts[i]);
            }
        }

        if (solid.Any(p => p is HArray or HObject))
        {
            return FoldContainers(solid, owner);
        }

        var length = 0L;
        for (var i = start; i < end; i++)
        {
            length += ((HScalar)parts[i]).Text.Length;
        }

        if (length > MaxLength)
        {
            throw new HoconException($"a concatenated string would be longer than {MaxLength} characters", parts[start].Origin);
        }

        var text = string.Concat(Enumerable.Range(start, end - start).Select(i => ((HScalar)parts[i]).Text));
        return HScalar.String(parts[start].Origin, text);
    }

    private static HNode FoldContainers(List<HNode> solid, object owner)
    {
        var first = solid[0];
        foreach (var part in solid)
        {
            if (part.GetType() != first.GetType())
            {
                throw new HoconException($"cannot concatenate {Describe(first)} with {Describe(part)}", part.Origin);
            }
        }

        if (first is HArray)
        {
            var items = new List<HNode>();
            foreach (var part in solid)
            {
                items.AddRange(((HArray)part).Items);
                if (items.Count > MaxLength)
                {
                    throw new HoconException($"a concatenated array would have more than {MaxLength} elements", part.Origin);
                }
            }

            return new HArray(first.Origin, items);
        }

        HNode merged = solid[0];
        for (var i = 1; i < solid.Count; i++)
        {
            merged = Merger.Combine(solid[i], merged, null, bindAlways: false, owner);
        }

        return merged;
    }

    private static bool IsSpace(HNode node) => node is HScalar { IsSpace: true };

    private static string Describe(HNode node) => node switch
    {
        HArray => "an array",
        HObject => "an object",
        HScalar s => $"the {s.Kind.ToString().ToLowerInvariant()} {PathText.Quote(s.Text)}",
        _ => "a value",
    };
}

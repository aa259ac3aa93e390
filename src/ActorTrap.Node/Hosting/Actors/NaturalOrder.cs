namespace ActorTrap.Node.Hosting.Actors;

/// <summary>
/// Orders names as a reader counts: runs of digits by their value, the rest ordinally, so <c>writer-2</c> comes before
/// <c>writer-10</c> and <c>hold-9</c> before <c>hold-10</c> in <c>ctl actors</c> (issue 16). Equal values with
/// different leading zeros fall back to ordinal order, so the order is total.
/// </summary>
internal sealed class NaturalOrder : IComparer<string>
{
    public static readonly NaturalOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var (i, j) = (0, 0);
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                var a = Run(x, ref i);
                var b = Run(y, ref j);
                var byValue = CompareDigits(a.TrimStart('0'), b.TrimStart('0'));
                if (byValue != 0)
                {
                    return byValue;
                }

                continue;
            }

            var c = x[i].CompareTo(y[j]);
            if (c != 0)
            {
                return c;
            }

            (i, j) = (i + 1, j + 1);
        }

        var rest = (x.Length - i).CompareTo(y.Length - j);
        return rest != 0 ? rest : string.CompareOrdinal(x, y);
    }

    private static ReadOnlySpan<char> Run(string s, ref int at)
    {
        var start = at;
        while (at < s.Length && char.IsAsciiDigit(s[at]))
        {
            at++;
        }

        return s.AsSpan(start, at - start);
    }

    /// <summary>Digit strings without leading zeros: the longer is larger, else the first differing digit decides (no overflow).</summary>
    private static int CompareDigits(ReadOnlySpan<char> a, ReadOnlySpan<char> b) =>
        a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.SequenceCompareTo(b);
}

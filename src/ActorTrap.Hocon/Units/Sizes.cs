namespace ActorTrap.Hocon.Units;

/// <summary>The spec's size format: a bare number is bytes, kB/MB/… are powers of 10, K/k/Ki/KiB/… powers of 2, so 512k = 524288 and 512kB = 512000.</summary>
internal static class Sizes
{
    private static readonly Dictionary<string, decimal> BytesPerUnit = Build();

    public static string Expected => "a size such as 512k (524288 bytes) or 10MB";

    public static bool TryParse(string text, bool isNumber, out long value, out string? error)
    {
        value = 0;
        error = null;
        if (!UnitNumber.TryParse(text, out var number, out var unit) || (isNumber && unit.Length > 0))
        {
            return false;
        }

        if (!BytesPerUnit.TryGetValue(unit, out var multiplier))
        {
            error = $"unknown size unit '{unit}' (use B, kB, MB, GB, … for powers of 10 or K, M, G, KiB, MiB, … for powers of 2)";
            return false;
        }

        if (number < 0)
        {
            error = "a size must not be negative";
            return false;
        }

        try
        {
            var bytes = decimal.Truncate(number * multiplier);
            if (bytes > long.MaxValue)
            {
                error = "the size does not fit in 64 bits";
                return false;
            }

            value = (long)bytes;
            return true;
        }
        catch (OverflowException)
        {
            error = "the size does not fit in 64 bits";
            return false;
        }
    }

    private static Dictionary<string, decimal> Build()
    {
        var table = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var name in new[] { "", "B", "b", "byte", "bytes" })
        {
            table[name] = 1m;
        }

        // (short SI, SI word, binary letter, binary word)
        (string Si, string SiWord, string Bin, string BinWord)[] prefixes =
        [
            ("k", "kilo", "K", "kibi"), ("M", "mega", "M", "mebi"), ("G", "giga", "G", "gibi"), ("T", "tera", "T", "tebi"),
            ("P", "peta", "P", "pebi"), ("E", "exa", "E", "exbi"), ("Z", "zetta", "Z", "zebi"), ("Y", "yotta", "Y", "yobi"),
        ];
        decimal si = 1m;
        decimal bin = 1m;
        foreach (var p in prefixes)
        {
            si *= 1000m;
            bin *= 1024m;
            table[p.Si + "B"] = si;
            table[p.SiWord + "byte"] = si;
            table[p.SiWord + "bytes"] = si;
            table[p.Bin] = bin;
            table[p.Bin.ToLowerInvariant()] = bin;
            table[p.Bin + "i"] = bin;
            table[p.Bin + "iB"] = bin;
            table[p.BinWord + "byte"] = bin;
            table[p.BinWord + "bytes"] = bin;
        }

        return table;
    }
}

namespace ActorTrap.Hocon.Units;

/// <summary>The spec's duration format: a bare number is milliseconds; unit names are case-sensitive; <c>infinite</c> (Akka.NET) is <see cref="Timeout.InfiniteTimeSpan"/>.</summary>
internal static class Durations
{
    private static readonly Dictionary<string, decimal> NanosPerUnit = Build();

    public static string Expected => "a duration such as 20m or 500ms";

    /// <summary>Parses a duration; on failure <paramref name="error"/> says why (null reason = plain format error).</summary>
    public static bool TryParse(string text, bool isNumber, out TimeSpan value, out string? error)
    {
        value = TimeSpan.Zero;
        error = null;
        if (text.Trim() == "infinite")
        {
            value = Timeout.InfiniteTimeSpan;
            return true;
        }

        if (!UnitNumber.TryParse(text, out var number, out var unit) || (isNumber && unit.Length > 0))
        {
            return false;
        }

        if (!NanosPerUnit.TryGetValue(unit.Length == 0 ? "ms" : unit, out var nanos))
        {
            error = $"unknown duration unit '{unit}' (use ns, us, ms, s, m, h or d)";
            return false;
        }

        if (number < 0)
        {
            error = "a duration must not be negative";
            return false;
        }

        try
        {
            var ticks = decimal.Truncate(number * nanos / 100m);
            if (ticks > TimeSpan.MaxValue.Ticks)
            {
                error = "the duration is too long";
                return false;
            }

            value = TimeSpan.FromTicks((long)ticks);
            return true;
        }
        catch (OverflowException)
        {
            error = "the duration is too long";
            return false;
        }
    }

    private static Dictionary<string, decimal> Build()
    {
        var table = new Dictionary<string, decimal>(StringComparer.Ordinal);
        void Add(decimal nanos, params string[] names)
        {
            foreach (var name in names)
            {
                table[name] = nanos;
            }
        }

        Add(1m, "ns", "nano", "nanos", "nanosecond", "nanoseconds");
        Add(1_000m, "us", "micro", "micros", "microsecond", "microseconds");
        Add(1_000_000m, "ms", "milli", "millis", "millisecond", "milliseconds");
        Add(1_000_000_000m, "s", "second", "seconds");
        Add(60m * 1_000_000_000m, "m", "minute", "minutes");
        Add(3600m * 1_000_000_000m, "h", "hour", "hours");
        Add(86400m * 1_000_000_000m, "d", "day", "days");
        return table;
    }
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace ActorTrap.Hocon.Units;

/// <summary>Splits "20 m", "512kB", "1.5h" into a number and a unit, as the spec's duration and size formats are written.</summary>
internal static partial class UnitNumber
{
    public static bool TryParse(string text, out decimal number, out string unit)
    {
        number = 0;
        unit = string.Empty;
        var match = Pattern().Match(text);
        if (!match.Success || text.Length > 100)
        {
            return false;
        }

        unit = match.Groups[2].Value;
        try
        {
            return decimal.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^\s*([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)\s*([A-Za-z]*)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ActorTrap.Node.Configuration;

/// <summary>
/// Syntax check of a postscreen-style answer filter (<c>127.0.0.2</c>, <c>127.0.0.[2..11]</c>, <c>127.0.0.[2;4;10..11]</c>):
/// four dot-separated parts, each a number 0-255 or a bracketed list of numbers and ranges.
/// </summary>
internal static class AnswerFilterSyntax
{
    public static bool TryValidate(string text, [NotNullWhen(false)] out string? error)
    {
        var parts = SplitOutsideBrackets(text.Trim());
        if (parts.Count != 4)
        {
            error = $"\"{text}\" must have four parts like 127.0.0.2 or 127.0.0.[2..11]";
            return false;
        }

        foreach (var part in parts)
        {
            var items = part.StartsWith('[') && part.EndsWith(']') ? part[1..^1].Split(';') : [part];
            foreach (var item in items)
            {
                var range = item.Split("..");
                if (range.Length > 2 || !range.All(IsOctet) || (range.Length == 2 && Octet(range[0]) > Octet(range[1])))
                {
                    error = $"\"{part}\" in \"{text}\" is not a number 0-255, a range [a..b] or a list [a;b;c..d]";
                    return false;
                }
            }
        }

        error = null;
        return true;
    }

    private static List<string> SplitOutsideBrackets(string text)
    {
        var parts = new List<string>();
        var start = 0;
        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '[' => 1, ']' => -1, _ => 0 };
            if (text[i] == '.' && depth == 0)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        parts.Add(text[start..]);
        return parts;
    }

    private static bool IsOctet(string s) => s.Length is > 0 and <= 3 && s.All(char.IsAsciiDigit) && Octet(s) <= 255;

    private static int Octet(string s) => int.Parse(s, CultureInfo.InvariantCulture);
}

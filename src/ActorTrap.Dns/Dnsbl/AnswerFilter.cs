using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ActorTrap.Dns.Dnsbl;

/// <summary>
/// Which A answers of a DNSBL count as a listing, in Postfix postscreen's syntax: each of the four octets is a number,
/// or a bracketed list of numbers and ranges: <c>127.0.0.2</c>, <c>127.0.0.[2..11]</c>, <c>127.0.0.[2;4;10..11]</c>.
/// </summary>
public sealed class AnswerFilter
{
    private readonly bool[][] octets; // octets[i][v]: value v allowed at position i

    private AnswerFilter(bool[][] octets, string text)
    {
        this.octets = octets;
        Text = text;
    }

    public string Text { get; }

    public static bool TryParse(string text, [NotNullWhen(true)] out AnswerFilter? filter, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        filter = null;
        var parts = SplitOutsideBrackets(text.Trim());
        if (parts.Count != 4)
        {
            error = $"\"{text}\" must have four parts like 127.0.0.2 or 127.0.0.[2..11]";
            return false;
        }

        var allowed = new bool[4][];
        for (var i = 0; i < 4; i++)
        {
            allowed[i] = new bool[256];
            var part = parts[i];
            var items = part.StartsWith('[') && part.EndsWith(']') ? part[1..^1].Split(';') : [part];
            foreach (var item in items)
            {
                var range = item.Split("..");
                if (range.Length > 2 || !range.All(IsOctet) || Octet(range[0]) > Octet(range[^1]))
                {
                    error = $"\"{part}\" in \"{text}\" is not a number 0-255, a range [a..b] or a list [a;b;c..d]";
                    return false;
                }

                for (var v = Octet(range[0]); v <= Octet(range[^1]); v++)
                {
                    allowed[i][v] = true;
                }
            }
        }

        filter = new AnswerFilter(allowed, text.Trim());
        error = null;
        return true;
    }

    public bool Matches(IPAddress answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        Span<byte> b = stackalloc byte[4];
        answer.TryWriteBytes(b, out _);
        return octets[0][b[0]] && octets[1][b[1]] && octets[2][b[2]] && octets[3][b[3]];
    }

    public override string ToString() => Text;

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

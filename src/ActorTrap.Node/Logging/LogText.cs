using System.Text;

namespace ActorTrap.Node.Logging;

/// <summary>
/// Makes attacker-supplied text safe for logs: printable ASCII kept, everything else (CR, LF, ESC, quotes,
/// backslash, non-ASCII) written as a C-style escape, and the result cut at a maximum length with a marker, as
/// postscreen does with pregreet text. Logs cannot be forged with injected lines or terminal escapes.
/// </summary>
internal static class LogText
{
    /// <summary>Default cut: postscreen logs at most 100 bytes of a client's text.</summary>
    public const int DefaultMax = 100;

    public static string Escape(string? text, int max = DefaultMax)
    {
        if (text is null)
        {
            return "(none)";
        }

        var sb = new StringBuilder(Math.Min(text.Length, max) + 8);
        foreach (var c in text)
        {
            if (sb.Length >= max)
            {
                sb.Append("...");
                break;
            }

            switch (c)
            {
                case '\\':
                    sb.Append(@"\\");
                    break;
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\r':
                    sb.Append(@"\r");
                    break;
                case '\n':
                    sb.Append(@"\n");
                    break;
                case '\t':
                    sb.Append(@"\t");
                    break;
                case >= ' ' and <= '~':
                    sb.Append(c);
                    break;
                default:
                    sb.Append(c <= 0xFF ? $"\\x{(int)c:x2}" : $"\\u{(int)c:x4}");
                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>Bytes as Latin-1 characters, then escaped: a raw line never reaches a log undecoded.</summary>
    public static string Escape(ReadOnlySpan<byte> bytes, int max = DefaultMax) =>
        Escape(Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, max + 1)]), max);
}

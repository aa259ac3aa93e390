using System.Text;

namespace ActorTrap.Hocon.Model;

/// <summary>Writes path segments as a dotted path, quoting segments that would not read back as themselves.</summary>
internal static class PathText
{
    public static string Join(IEnumerable<string> segments) => string.Join('.', segments.Select(Segment));

    public static string Segment(string key) => IsPlain(key) ? key : Quote(key);

    public static bool IsPlain(string key) =>
        key.Length > 0 && key != "include" && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static string Quote(string text)
    {
        var sb = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\uFEFF')
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }
}

using System.Text;

namespace ActorTrap.Hocon.Parsing;

internal sealed partial class Parser
{
    private string Unquoted()
    {
        var start = r.Position;
        while (CharClass.IsUnquotedChar(r))
        {
            r.Advance();
        }

        return r.Text[start..r.Position];
    }

    private string TripleQuoted()
    {
        var origin = r.Origin;
        r.Advance(3);
        var close = r.Text.IndexOf("\"\"\"", r.Position, StringComparison.Ordinal);
        if (close < 0)
        {
            throw new HoconException($"expected '\"\"\"' to close the string opened at {origin.Line}:{origin.Column}, got end of input", origin);
        }

        // Quotes beyond the closing three belong to the string: """"x"""" is "x".
        while (close + 3 < r.Text.Length && r.Text[close + 3] == '"')
        {
            close++;
        }

        var text = r.Text[r.Position..close];
        r.Advance(close - r.Position + 3);
        return text;
    }

    private string Quoted()
    {
        var origin = r.Origin;
        r.Advance();
        var sb = new StringBuilder();
        while (true)
        {
            if (r.AtEnd || r.Peek() == '\n')
            {
                throw r.Error($"expected '\"' to close the string opened at {origin.Line}:{origin.Column}, got {r.DescribeNext()}");
            }

            var c = r.Advance();
            if (c == '"')
            {
                return sb.ToString();
            }

            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            sb.Append(Escape());
        }
    }

    private char Escape()
    {
        var c = r.AtEnd ? '\0' : r.Peek();
        switch (c)
        {
            case '"' or '\\' or '/':
                r.Advance();
                return c;
            case 'b': r.Advance(); return '\b';
            case 'f': r.Advance(); return '\f';
            case 'n': r.Advance(); return '\n';
            case 'r': r.Advance(); return '\r';
            case 't': r.Advance(); return '\t';
            case 'u':
                var value = 0;
                for (var i = 1; i <= 4; i++)
                {
                    var h = r.Peek(i);
                    if (!r.Has(i) || !char.IsAsciiHexDigit(h))
                    {
                        throw r.Error("expected four hexadecimal digits after '\\u'");
                    }

                    value = (value * 16) + Convert.ToInt32(h.ToString(), 16);
                }

                r.Advance(5);
                return (char)value;
            default:
                throw r.Error($"expected an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX) after '\\', got {r.DescribeNext()}");
        }
    }
}

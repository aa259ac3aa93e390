using System.Text;
using ActorTrap.Hocon.Model;

namespace ActorTrap.Hocon.Parsing;

internal sealed partial class Parser
{
    /// <summary>Reads a value and any values concatenated with it on the same line.</summary>
    private HNode Value(IReadOnlyList<string> path)
    {
        var parts = new List<HNode>();
        var hasSubstitution = false;
        while (true)
        {
            var part = Part(path);
            if (part is null)
            {
                if (parts.Count == 0)
                {
                    throw r.Error($"expected a value, got {r.DescribeNext()}");
                }

                break;
            }

            hasSubstitution |= part is HSubst;
            parts.Add(part);
            var spaceOrigin = r.Origin;
            var start = r.Position;
            SkipSpaces();
            if (!AtPartStart())
            {
                break;
            }

            if (r.Position > start)
            {
                parts.Add(new HScalar(spaceOrigin, HoconValueKind.String, r.Text[start..r.Position], isSpace: true));
            }
        }

        if (parts.Count == 1)
        {
            return parts[0];
        }

        if (hasSubstitution)
        {
            return new HConcat(parts[0].Origin, parts);
        }

        try
        {
            return Concatenation.Fold(parts, owner)!;
        }
        catch (HoconException e) when (e.Origin is null)
        {
            throw new HoconException(e.Reason, parts[0].Origin);
        }
    }

    private bool AtPartStart()
    {
        var c = r.Peek();
        return !r.AtEnd && (c is '{' or '[' or '"' || (c == '$' && r.Peek(1) == '{') || CharClass.IsUnquotedChar(r));
    }

    private HNode? Part(IReadOnlyList<string> path)
    {
        if (r.AtEnd)
        {
            return null;
        }

        var origin = r.Origin;
        switch (r.Peek())
        {
            case '{':
                r.Advance();
                return ObjectBody(braced: true, path, origin);
            case '[':
                return Array(path);
            case '"' when r.Peek(1) == '"' && r.Peek(2) == '"':
                return HScalar.String(origin, TripleQuoted());
            case '"':
                return HScalar.String(origin, Quoted());
            case '$' when r.Peek(1) == '{':
                return Substitution();
            default:
                if (!CharClass.IsUnquotedChar(r))
                {
                    return null;
                }

                return ScalarClassifier.Classify(origin, Unquoted());
        }
    }

    private HArray Array(IReadOnlyList<string> path)
    {
        var origin = r.Origin;
        Enter(origin);
        r.Advance();
        var items = new List<HNode>();
        while (true)
        {
            SkipAll();
            if (r.AtEnd)
            {
                throw r.Error($"expected ']' to close the array opened at {origin.Line}:{origin.Column}, got end of input");
            }

            if (r.Peek() == ']')
            {
                r.Advance();
                break;
            }

            if (r.Peek() == ',')
            {
                throw r.Error("expected a value or ']', got ','");
            }

            items.Add(Value(path));
            SkipSpacesAndComments();
            if (r.Peek() == '\n')
            {
                // A comma may still follow on a later line, as JSON allows.
                SkipAll();
                if (r.Peek() != ',')
                {
                    continue;
                }
            }

            if (r.Peek() == ',')
            {
                r.Advance();
                SkipAll();
                if (r.Peek() == ',')
                {
                    throw r.Error("expected a value or ']' after ',', got ','");
                }
            }
            else if (!r.AtEnd && r.Peek() is not ('\n' or ']'))
            {
                throw r.Error($"expected ',', a new line or ']' after an array element, got {r.DescribeNext()}");
            }
        }

        nesting--;
        return new HArray(origin, items);
    }

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

    private HSubst Substitution()
    {
        var origin = r.Origin;
        r.Advance(2);
        var optional = false;
        if (r.Peek() == '?')
        {
            r.Advance();
            optional = true;
        }

        SkipSpaces();
        var path = PathExpression(what: "a path in the substitution");
        SkipSpaces();
        if (r.Peek() != '}')
        {
            throw r.Error($"expected '}}' to close the substitution opened at {origin.Line}:{origin.Column}, got {r.DescribeNext()}");
        }

        r.Advance();
        return new HSubst(origin, path, optional, includePrefix);
    }

    /// <summary>Reads a path: unquoted text split at dots, quoted segments kept whole, whitespace between pieces kept.</summary>
    private List<string> PathExpression(string what)
    {
        var origin = r.Origin;
        var segments = new List<string>();
        var current = new StringBuilder();
        var touched = false;
        var any = false;
        while (true)
        {
            if (r.Peek() == '"' && !r.AtEnd)
            {
                current.Append(Quoted());
                touched = any = true;
            }
            else if (CharClass.IsUnquotedChar(r))
            {
                while (CharClass.IsUnquotedChar(r))
                {
                    if (r.Peek() == '.' && !touched)
                    {
                        throw r.Error($"{what} has an empty segment (a leading, trailing or doubled '.'); quote it as \"\" if you mean an empty key");
                    }

                    var c = r.Advance();
                    if (c == '.')
                    {
                        segments.Add(current.ToString());
                        current.Clear();
                        touched = false;
                    }
                    else
                    {
                        current.Append(c);
                        touched = true;
                    }
                }

                any = true;
            }
            else if (CharClass.IsSpace(r.Peek()) && any && !r.AtEnd)
            {
                var start = r.Position;
                SkipSpaces();
                var more = r.Peek() == '"' || CharClass.IsUnquotedChar(r);
                if (!more)
                {
                    break;
                }

                current.Append(r.Text.AsSpan(start, r.Position - start));
            }
            else
            {
                break;
            }
        }

        if (!any)
        {
            throw r.Error($"expected {what}, got {r.DescribeNext()}");
        }

        if (!touched)
        {
            throw new HoconException($"{what} ends with '.'", origin);
        }

        segments.Add(current.ToString());
        return segments;
    }
}

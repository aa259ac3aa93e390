using System.Text;
using ActorTrap.Hocon.Model;

namespace ActorTrap.Hocon.Parsing;

internal sealed partial class Parser
{
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

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

}

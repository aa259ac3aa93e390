namespace ActorTrap.Hocon.Parsing;

/// <summary>The spec's character classes.</summary>
internal static class CharClass
{
    /// <summary>Whitespace other than the newline (the spec: Unicode space separators, BOM, and the usual control characters).</summary>
    public static bool IsSpace(char c) => c != '\n' && (char.IsWhiteSpace(c) || c == '\uFEFF');

    /// <summary>Characters an unquoted string may not contain (besides whitespace and <c>//</c>).</summary>
    public static bool IsForbidden(char c) => c is '$' or '"' or '{' or '}' or '[' or ']' or ':' or '=' or ',' or '+' or '#'
        or '`' or '^' or '?' or '!' or '@' or '*' or '&' or '\\';

    public static bool IsUnquotedChar(SourceReader r, int ahead = 0)
    {
        if (!r.Has(ahead))
        {
            return false;
        }

        var c = r.Peek(ahead);
        if (c == '\n' || IsSpace(c) || IsForbidden(c))
        {
            return false;
        }

        return !(c == '/' && r.Peek(ahead + 1) == '/');
    }

    public static bool AtComment(SourceReader r) => r.Peek() == '#' || (r.Peek() == '/' && r.Peek(1) == '/');
}

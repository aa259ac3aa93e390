namespace ActorTrap.Hocon.Parsing;

/// <summary>A cursor over the text that knows its 1-based line and column, so every node and error can say where it is.</summary>
internal sealed class SourceReader(string text, string originName)
{
    private int line = 1;
    private int column = 1;

    public string Text { get; } = text;

    public string OriginName { get; } = originName;

    public int Position { get; private set; }

    public bool AtEnd => Position >= Text.Length;

    public char Peek(int ahead = 0) => Position + ahead < Text.Length ? Text[Position + ahead] : '\0';

    public bool Has(int ahead) => Position + ahead < Text.Length;

    public bool StartsWith(string s) => string.CompareOrdinal(Text, Position, s, 0, s.Length) == 0;

    public HoconOrigin Origin => new(OriginName, line, column);

    public char Advance()
    {
        var c = Text[Position++];
        if (c == '\n')
        {
            line++;
            column = 1;
        }
        else
        {
            column++;
        }

        return c;
    }

    public void Advance(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Advance();
        }
    }

    /// <summary>How the next character reads in an error message.</summary>
    public string DescribeNext()
    {
        if (AtEnd)
        {
            return "end of input";
        }

        var c = Peek();
        return c switch
        {
            '\n' => "a new line",
            '\'' => "\"'\"",
            _ when char.IsControl(c) || char.IsSurrogate(c) => $"character U+{(int)c:X4}",
            _ => $"'{c}'",
        };
    }

    public HoconException Error(string reason) => new(reason, Origin);
}

namespace ActorTrap.Hocon.Model;

/// <summary>A string, number, boolean or null, kept as the text written so numbers round-trip exactly.</summary>
/// <param name="IsSpace">Whitespace between the parts of a concatenation: kept inside strings, dropped between arrays or objects.</param>
internal sealed class HScalar(HoconOrigin origin, HoconValueKind kind, string text, bool isSpace = false) : HNode(origin)
{
    public HoconValueKind Kind { get; } = kind;

    public string Text { get; } = text;

    public bool IsSpace { get; } = isSpace;

    public static HScalar String(HoconOrigin origin, string text) => new(origin, HoconValueKind.String, text);
}

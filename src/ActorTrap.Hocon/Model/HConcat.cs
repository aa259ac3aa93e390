namespace ActorTrap.Hocon.Model;

/// <summary>Values written side by side on one line, at least one of them a substitution (others are joined while parsing).</summary>
internal sealed class HConcat(HoconOrigin origin, IReadOnlyList<HNode> parts) : HNode(origin)
{
    public IReadOnlyList<HNode> Parts { get; } = parts;

    public override bool IsUnresolved => true;
}

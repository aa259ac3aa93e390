namespace ActorTrap.Hocon.Model;

internal sealed class HArray(HoconOrigin origin, IReadOnlyList<HNode> items) : HNode(origin)
{
    public IReadOnlyList<HNode> Items { get; } = items;
}

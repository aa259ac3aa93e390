namespace ActorTrap.Hocon.Model;

/// <summary>A value laid over an earlier one when either side still needs resolving: an object on top merges with an
/// object below, an undefined optional substitution on top lets the earlier value show, anything else on top wins.</summary>
internal sealed class HDelayedMerge(HNode top, HNode below) : HNode(top.Origin)
{
    public HNode Top { get; } = top;

    public HNode Below { get; } = below;

    public override bool IsUnresolved => true;
}

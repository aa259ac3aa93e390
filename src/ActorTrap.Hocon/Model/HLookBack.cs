namespace ActorTrap.Hocon.Model;

/// <summary>A self-referential substitution (<c>path = ${path} [x]</c>, <c>a += b</c>) bound to the value the field had before.</summary>
/// <param name="Previous">The earlier value, or null when there was none (then the environment, then undefined).</param>
/// <param name="Suffix">Path below the field when the substitution reached into it (<c>foo = ${foo.a}</c>).</param>
internal sealed class HLookBack(HoconOrigin origin, HNode? previous, IReadOnlyList<string> suffix, HSubst source) : HNode(origin)
{
    public HNode? Previous { get; } = previous;

    public IReadOnlyList<string> Suffix { get; } = suffix;

    public HSubst Source { get; } = source;

    public override bool IsUnresolved => true;
}

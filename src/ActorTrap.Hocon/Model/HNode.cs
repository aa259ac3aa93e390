namespace ActorTrap.Hocon.Model;

/// <summary>A node of the value tree. Resolved trees hold only objects, arrays and scalars; unresolved ones also hold substitutions, concatenations, look-backs and delayed merges.</summary>
internal abstract class HNode(HoconOrigin origin)
{
    public HoconOrigin Origin { get; } = origin;

    /// <summary>True for nodes that need the resolver (substitutions and anything built from them).</summary>
    public virtual bool IsUnresolved => false;
}

namespace ActorTrap.Hocon.Model;

/// <summary>A <c>${path}</c> or <c>${?path}</c> substitution.</summary>
/// <param name="Prefix">The path at which the file holding this substitution was included: tried first, as the spec asks.</param>
internal sealed class HSubst(HoconOrigin origin, IReadOnlyList<string> path, bool optional, IReadOnlyList<string> prefix) : HNode(origin)
{
    public IReadOnlyList<string> Path { get; } = path;

    public bool Optional { get; } = optional;

    public IReadOnlyList<string> Prefix { get; } = prefix;

    public override bool IsUnresolved => true;

    public string Expression => (Optional ? "${?" : "${") + PathText.Join(Path) + "}";
}

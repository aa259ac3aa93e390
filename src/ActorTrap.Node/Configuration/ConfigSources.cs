namespace ActorTrap.Node.Configuration;

/// <summary>Where a node's configuration comes from, besides the built-in reference: an optional file and <c>--set key=value</c> overrides in order.</summary>
public sealed record ConfigSources(string? File, IReadOnlyList<string> Overrides)
{
    public static ConfigSources ReferenceOnly { get; } = new(null, []);
}

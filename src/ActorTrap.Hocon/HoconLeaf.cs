namespace ActorTrap.Hocon;

/// <summary>One non-object value of a resolved config: a scalar or an array.</summary>
/// <param name="Path">Dotted path, segments quoted when needed (as <see cref="HoconConfig.Render"/> writes them).</param>
/// <param name="Text">The scalar as text (numbers as written, booleans as true/false); null for null and for arrays.</param>
/// <param name="Origin">Where the value was written.</param>
/// <param name="KeyOrigin">Where the key was last written.</param>
public sealed record HoconLeaf(string Path, HoconValueKind Kind, string? Text, HoconOrigin Origin, HoconOrigin KeyOrigin);

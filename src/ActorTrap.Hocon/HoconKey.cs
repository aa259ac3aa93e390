namespace ActorTrap.Hocon;

/// <summary>A key path as written in one document, before substitution, with where the key was written.</summary>
/// <param name="Path">Dotted path, segments quoted when they contain a dot or other special characters.</param>
/// <param name="IsObject">True when the value written there is an object literal (its own keys are listed too).</param>
public sealed record HoconKey(string Path, HoconOrigin Origin, bool IsObject);

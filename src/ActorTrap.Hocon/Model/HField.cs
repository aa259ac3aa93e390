namespace ActorTrap.Hocon.Model;

/// <summary>A value in an object with where its key was last written (the CLI points at a typo'd key, not at its value).</summary>
internal sealed record HField(HNode Value, HoconOrigin KeyOrigin);

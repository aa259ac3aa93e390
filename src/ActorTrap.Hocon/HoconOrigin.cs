namespace ActorTrap.Hocon;

/// <summary>Where a key or value was written: a file name (or <c>--set</c>, <c>env</c>, a string's label), 1-based line and column.</summary>
/// <remarks>Line 0 means the value did not come from text (an environment variable), so only the name is shown.</remarks>
public sealed record HoconOrigin(string Name, int Line, int Column)
{
    public override string ToString() => Line <= 0 ? Name : $"{Name}:{Line}:{Column}";
}

namespace ActorTrap.Node.Configuration;

/// <summary>One configuration problem: where it was written (file:line:column, or the key when it has no source position) and what is wrong.</summary>
public sealed record ConfigError(string Location, string Message)
{
    public override string ToString() => $"{Location}: {Message}";
}

using ActorTrap.Node.Configuration;

namespace ActorTrap.Node.Hosting.Reload;

/// <summary>Where a reload reads the configuration again: the same file and <c>--set</c> overrides the node started with.</summary>
/// <param name="Initial">What the node started with; a reload compares the new configuration with it (then with the last applied).</param>
/// <param name="Load">Reads and validates the configuration again (<see cref="NodeConfig.Load"/> with the same sources).</param>
public sealed record ReloadSource(LoadedConfig Initial, Func<LoadedConfig> Load);

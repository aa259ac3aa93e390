using ActorTrap.Node.Configuration;

namespace ActorTrap.Node.Hosting.Reload;

/// <summary>What one reload did: refused (with every error), or applied the keys it could and named those that need a restart.</summary>
/// <param name="Applied">True when the new configuration validated and its reloadable keys are in effect.</param>
/// <param name="Errors">Why it was refused, one per problem as <c>config check</c> prints them; empty when applied.</param>
/// <param name="Reloaded">Keys whose new value is in effect now.</param>
/// <param name="NeedRestart">Keys whose new value is ignored until the node restarts.</param>
public sealed record ReloadResult(bool Applied, IReadOnlyList<ConfigError> Errors, IReadOnlyList<string> Reloaded, IReadOnlyList<string> NeedRestart)
{
    public static ReloadResult Refused(IReadOnlyList<ConfigError> errors) => new(false, errors, [], []);
}

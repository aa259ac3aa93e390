using System.Text.RegularExpressions;

namespace ActorTrap.Cli.Tests.Detection;

/// <summary>
/// Settings the corpus needs that are being added on main (an unknown key stops a node at start-up): each is used
/// once <c>actortrap config check</c> knows its key, so merging main switches it on without editing the corpus.
/// </summary>
internal static partial class PendingSettings
{
    /// <summary>Loopback clients are judged (the new default permits them, skipping every test).</summary>
    public const string NoPermit = "actortrap.smtp.permit=[]";

    /// <summary>A compressed queue's retries, seconds apart, count as retries.</summary>
    public const string RetryMinDelay = "actortrap.detection.retry.min-delay=1s";

    /// <summary>The primary MX the node checks before counting highest-mx.</summary>
    public static string Primaries(System.Net.IPEndPoint primary) => $"actortrap.smtp.mx.primaries=[\"{primary.Address}:{primary.Port}\"]";

    /// <summary>Returns the keys (the part before <c>=</c>) of <paramref name="settings"/> this build does not know.</summary>
    public static async Task<IReadOnlySet<string>> UnknownKeysAsync(IEnumerable<string> settings)
    {
        var (_, stdout, stderr) = await ActorTrapProcess.RunAsync(["config", "check", .. settings.SelectMany(s => new[] { "--set", s })], TimeSpan.FromSeconds(30));
        return UnknownKey().Matches(stdout + stderr).Select(m => m.Groups[1].Value).ToHashSet();
    }

    public static string Key(string setting) => setting[..setting.IndexOf('=', StringComparison.Ordinal)];

    /// <summary>Whether <paramref name="setting"/>'s key is, or lies under, one that config check called unknown (it names the first unknown part of a path).</summary>
    public static bool IsUnknown(string setting, IReadOnlySet<string> unknownKeys) =>
        unknownKeys.Any(u => Key(setting) == u || Key(setting).StartsWith(u + ".", StringComparison.Ordinal));

    [GeneratedRegex(@"unknown key (\S+)")]
    private static partial Regex UnknownKey();
}

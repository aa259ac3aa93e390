using ActorTrap.Node.Configuration;

namespace ActorTrap.Node.Tests.Reputation.Support;

/// <summary>Node settings from the real reference configuration plus <c>--set</c> overrides, as a node would load them.</summary>
internal static class Settings
{
    public static NodeSettings Load(params string[] overrides)
    {
        var loaded = NodeConfig.Load(new ConfigSources(null, overrides), _ => null);
        Assert.True(loaded.Errors.Count == 0, string.Join("\n", loaded.Errors));
        return loaded.Settings!;
    }

    /// <summary>A node with its data in <paramref name="dataDir"/>, admin on a free loopback port, and the given overrides.</summary>
    public static NodeSettings Node(string name, string dataDir, params string[] overrides) =>
        Load([$"actortrap.node.name={name}", $"actortrap.data-dir=\"{dataDir}\"", "actortrap.admin.listen=\"127.0.0.1:0\"", "actortrap.smtp.listen=[\"127.0.0.1:0\"]",
            .. overrides]);
}

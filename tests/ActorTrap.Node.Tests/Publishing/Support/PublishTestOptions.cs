using System.Net;
using ActorTrap.Node.Configuration;

namespace ActorTrap.Node.Tests.Publishing.Support;

/// <summary>Publishing options as the reference configuration binds them, for a given zone and listen list.</summary>
internal static class PublishTestOptions
{
    public static PublishOptions Bind(params string[] overrides)
    {
        var loaded = NodeConfig.Load(new ConfigSources(null, overrides), _ => null);
        Assert.True(loaded.Errors.Count == 0, string.Join("\n", loaded.Errors));
        return loaded.Settings!.Publish;
    }

    public static DnsPublishOptions Dns(string zone = "bl.example.org", params string[] overrides) =>
        Bind([$"actortrap.publish.dns.zone=\"{zone}\"", .. overrides]).Dns;

    public static DnsPublishOptions Listening(string zone = "bl.example.org", params string[] overrides) =>
        Dns(zone, ["actortrap.publish.dns.listen=[\"127.0.0.1:0\", \"[::1]:0\"]", .. overrides]);

    public static IPEndPoint Loopback4(IEnumerable<IPEndPoint> endPoints) => endPoints.First(e => e.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
}

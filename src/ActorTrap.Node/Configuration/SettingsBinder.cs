using System.Net;
using ActorTrap.Hocon;

namespace ActorTrap.Node.Configuration;

/// <summary>Binds and validates every section of the resolved configuration; each rule names the key and the fix.</summary>
internal static partial class SettingsBinder
{
    public static NodeSettings? Bind(HoconConfig config, List<ConfigError> errors)
    {
        var r = new SettingsReader(config, errors);
        var settings = new NodeSettings(BindNode(r), BindAdmin(r), BindActors(r), BindDns(r), BindDnsbl(r),
            BindPublish(r));
        return r.Failed ? null : settings;
    }

    private static NodeOptions BindNode(SettingsReader r)
    {
        var name = r.String("actortrap.node.name").Trim();
        r.Require(name.Length <= 253 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'),
            "actortrap.node.name", "use letters, digits, '-', '.', '_' only (it appears in logs and metrics labels), at most 253 characters");
        return new NodeOptions(name.Length == 0 ? Environment.MachineName : name);
    }

    private static AdminOptions BindAdmin(SettingsReader r)
    {
        var listen = Endpoint(r, "actortrap.admin.listen", defaultPort: 9110, allowPortZero: true);
        var token = r.String("actortrap.admin.token");
        if (token.Length > 0)
        {
            r.Require(token.Length >= AdminOptions.MinTokenLength, "actortrap.admin.token",
                $"must be at least {AdminOptions.MinTokenLength} characters (generate one with: openssl rand -hex 24)");
        }
        else if (!IPAddress.IsLoopback(listen.Address))
        {
            r.Fail("actortrap.admin.listen",
                $"{ListenAddress.Format(listen)} is reachable from the network, so actortrap.admin.token must be set (or listen on 127.0.0.1)");
        }

        return new AdminOptions(listen, token.Length == 0 ? null : token);
    }

    private static ActorOptions BindActors(SettingsReader r) => new(
        r.Int("actortrap.actors.throughput", 1, 10_000),
        r.Duration("actortrap.actors.ask-timeout", TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(10)),
        r.Duration("actortrap.actors.shutdown-timeout", TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5)));

    private static DnsOptions BindDns(SettingsReader r)
    {
        var servers = new List<IPEndPoint>();
        var texts = r.StringList("actortrap.dns.servers");
        r.Require(texts.Count > 0 || r.Failed, "actortrap.dns.servers", "list at least one name server, e.g. [\"127.0.0.1:53\"]");
        foreach (var text in texts)
        {
            if (ListenAddress.TryParse(text, 53, out var endPoint, out var error) && endPoint.Port != 0)
            {
                servers.Add(endPoint);
            }
            else
            {
                r.Fail("actortrap.dns.servers", error ?? $"port 0 is not a server port in \"{text}\"");
            }
        }

        return new DnsOptions(servers,
            r.Duration("actortrap.dns.timeout", TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(30)),
            r.Int("actortrap.dns.retries", 0, 5));
    }

    private static DnsblOptions BindDnsbl(SettingsReader r)
    {
        var threshold = r.Double("actortrap.dnsbl.threshold");
        r.Require(double.IsFinite(threshold) && threshold > 0, "actortrap.dnsbl.threshold", "must be a number above 0 (postscreen's default is 1)");
        var zones = new List<DnsblZoneOptions>();
        var list = r.ObjectList("actortrap.dnsbl.zones");
        for (var i = 0; i < list.Count; i++)
        {
            zones.Add(DnsblZoneBinder.Bind(r.Element(list[i], $"actortrap.dnsbl.zones[{i}]")));
        }

        foreach (var duplicate in zones.GroupBy(z => z.Zone, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1 && g.Key.Length > 0))
        {
            r.Fail("actortrap.dnsbl.zones", $"zone {duplicate.Key} is listed {duplicate.Count()} times; each zone is asked once");
        }

        return new DnsblOptions(threshold, zones);
    }

    private static IPEndPoint Endpoint(SettingsReader r, string path, int defaultPort, bool allowPortZero)
    {
        var text = r.String(path);
        if (ListenAddress.TryParse(text, defaultPort, out var endPoint, out var error) && (allowPortZero || endPoint.Port != 0))
        {
            return endPoint;
        }

        if (text.Length > 0 || !r.Failed)
        {
            r.Fail(path, error ?? "port 0 is not allowed here");
        }

        return new IPEndPoint(IPAddress.Loopback, defaultPort);
    }
}

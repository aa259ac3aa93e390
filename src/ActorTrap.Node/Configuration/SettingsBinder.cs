using System.Net;
using ActorTrap.Hocon;

namespace ActorTrap.Node.Configuration;

/// <summary>Binds and validates every section of the resolved configuration; each rule names the key and the fix.</summary>
internal static partial class SettingsBinder
{
    public static NodeSettings? Bind(HoconConfig config, List<ConfigError> errors)
    {
        var r = new SettingsReader(config, errors);
        var dns = BindDns(r);
        // A session waits for its DNSBL answer as long as the resolver may take, plus a moment for the reply to arrive.
        var smtp = BindSmtp(r) with { LookupWait = dns.LookupBudget + TimeSpan.FromMilliseconds(500) };
        var reputation = BindReputation(r);
        var traps = BindTrapsSection(r);
        var publish = BindPublish(r);
        var settings = new NodeSettings(BindNode(r), BindAdmin(r), BindActors(r, config), dns, BindDnsbl(r), smtp,
            reputation, BindCluster(r, reputation.Store), publish with { Dns = publish.Dns with { PublishHarvesters = traps.Harvesters.Block } })
        {
            Log = BindLog(r),
            Metrics = BindMetrics(r),
            Traps = traps,
        };
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

    private static ActorOptions BindActors(SettingsReader r, HoconConfig config) => new(
        r.Int("actortrap.actors.throughput", 1, 10_000),
        r.Duration("actortrap.actors.ask-timeout", TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(10)),
        r.Duration("actortrap.actors.shutdown-timeout", TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5)),
        AkkaSection(r, config));

    /// <summary>
    /// The resolved <c>akka { }</c> section, rendered for Akka: this reader did the includes and substitutions, so
    /// Akka's own parser only ever reads well-formed text. Whether Akka accepts the settings is checked when the
    /// actor system starts (and by <c>config check</c>, which starts one).
    /// </summary>
    private static string AkkaSection(SettingsReader r, HoconConfig config)
    {
        if (!config.HasPath("akka"))
        {
            return "";
        }

        if (config.GetValueKind("akka") != HoconValueKind.Object)
        {
            r.Fail("akka", "must be an object: akka { ... }");
            return "";
        }

        var text = "akka {\n" + config.GetConfig("akka").Render() + "}\n";
        try
        {
            _ = Akka.Configuration.ConfigurationFactory.ParseString(text);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            r.Fail("akka", "Akka cannot read this section: " + e.Message);
        }

        return text;
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

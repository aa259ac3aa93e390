using System.Net;
using System.Text;
using ActorTrap.Node.Publishing;
using ActorTrap.Node.Reputation.Scoring;

namespace ActorTrap.Node.Configuration;

/// <summary>Binds <c>actortrap.publish</c>: the DNSBL responder, the rbldnsd export, the HTTP feed and the UDP feed.</summary>
internal static partial class SettingsBinder
{
    /// <summary>Shorter keys can be guessed offline from one captured line; 16 characters of a random string cannot.</summary>
    public const int MinFeedKeyLength = 16;

    private static PublishOptions BindPublish(SettingsReader r) => new(
        r.Duration("actortrap.publish.poll-interval", TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10)),
        BindPublishDns(r),
        new RbldnsdExportOptions(
            r.String("actortrap.publish.rbldnsd.path").Trim(),
            r.Duration("actortrap.publish.rbldnsd.min-interval", TimeSpan.Zero, TimeSpan.FromHours(24))),
        new HttpFeedOptions(r.Boolean("actortrap.publish.http-feed.enabled")),
        BindUdpFeed(r));

    private static DnsPublishOptions BindPublishDns(SettingsReader r)
    {
        const string prefix = "actortrap.publish.dns.";
        var listen = new List<IPEndPoint>();
        foreach (var text in r.StringList(prefix + "listen"))
        {
            if (ListenAddress.TryParse(text, 53, out var endPoint, out var error))
            {
                listen.Add(endPoint);
            }
            else
            {
                r.Fail(prefix + "listen", error);
            }
        }

        var zone = r.String(prefix + "zone").Trim().TrimEnd('.').ToLowerInvariant();
        if (zone.Length > 0 || listen.Count > 0)
        {
            r.Require(DomainName.IsValid(zone), prefix + "zone",
                zone.Length == 0 ? "the responder listens, so it needs the zone it answers for, e.g. \"bl.example.org\"" : $"\"{zone}\" is not a domain name such as bl.example.org");
        }

        var nameservers = r.StringList(prefix + "nameservers").Select(n => n.Trim().TrimEnd('.').ToLowerInvariant()).ToList();
        foreach (var ns in nameservers.Where(n => !DomainName.IsValid(n)))
        {
            r.Fail(prefix + "nameservers", $"\"{ns}\" is not a host name");
        }

        var hostmaster = r.String(prefix + "hostmaster").Trim().TrimEnd('.').ToLowerInvariant();
        r.Require(hostmaster.Length == 0 || DomainName.IsValid(hostmaster), prefix + "hostmaster",
            "write the mailbox in domain form, hostmaster.example.org for hostmaster@example.org (RFC 1035 SOA RNAME)");

        var ttl = r.Duration(prefix + "ttl", TimeSpan.FromSeconds(1), TimeSpan.FromDays(7));
        var negativeTtl = r.Duration(prefix + "negative-ttl", TimeSpan.Zero, TimeSpan.FromDays(1));
        var codes = new ListingCodes(Code(r, prefix + "codes.behaviour"), Code(r, prefix + "codes.trap"), Code(r, prefix + "codes.manual"))
        {
            Harvester = Code(r, prefix + "codes.harvester"),
        };
        var txt = r.String(prefix + "txt");
        if (!TxtTemplate.TryParse(txt, out _, out var txtError))
        {
            r.Fail(prefix + "txt", txtError);
        }

        var rate = r.Int(prefix + "rate-limit", 0, 10_000_000);
        var burst = r.Int(prefix + "rate-limit-burst", 1, 10_000_000);
        r.Require(rate == 0 || burst >= rate / 100, prefix + "rate-limit-burst", $"must be at least 1% of rate-limit ({rate}) or a busy resolver is cut off between token refills");
        return new DnsPublishOptions(listen, zone,
            nameservers.Count > 0 || zone.Length == 0 ? nameservers : ["ns." + zone],
            hostmaster.Length > 0 || zone.Length == 0 ? hostmaster : "hostmaster." + zone,
            ttl, negativeTtl, codes, txt, rate, burst,
            r.Duration(prefix + "tcp-idle-timeout", TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10)),
            r.Int(prefix + "tcp-max-connections", 1, 10_000));
    }

    private static IPAddress Code(SettingsReader r, string path)
    {
        var text = r.String(path).Trim();
        if (IPAddress.TryParse(text, out var code) && code.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            var b = code.GetAddressBytes();
            if (b[0] == 127 && !(b[1] == 0 && b[2] == 0 && b[3] <= 1) && !(b[1] == 255 && b[2] == 255))
            {
                return code;
            }
        }

        r.Fail(path, $"\"{text}\" is not a DNSBL return code: use 127.0.0.2 or above in 127.0.0.0/8 (RFC 5782 2.3), "
            + "not 127.0.0.1 and not 127.255.255.x (which resolvers read as DNSBL errors)");
        return IPAddress.Parse("127.0.0.2");
    }

    private static UdpFeedOptions BindUdpFeed(SettingsReader r)
    {
        const string prefix = "actortrap.publish.udp-feed.";
        var collector = OptionalEndpoint(r, prefix + "collector", allowPortZero: false);
        var listen = OptionalEndpoint(r, prefix + "listen", allowPortZero: true);
        var keyId = r.String(prefix + "key-id").Trim();
        var key = r.String(prefix + "key");
        if (key.Length is > 0 and < MinFeedKeyLength)
        {
            r.Fail(prefix + "key", $"must be at least {MinFeedKeyLength} characters (generate one with: openssl rand -hex 32)");
        }
        else if (collector is not null && key.Length == 0)
        {
            r.Fail(prefix + "key", "this node sends to a collector, so it needs its reporter key (set ACTORTRAP_FEED_KEY; generate one with: openssl rand -hex 32)");
        }

        if (keyId.Length > 0 && !ReporterMark.IsValidId(keyId))
        {
            r.Fail(prefix + "key-id", $"\"{keyId}\" is not a key id: 1 to 32 of a-z 0-9 - _, starting with a letter or digit");
        }
        else if (collector is not null && keyId.Length == 0)
        {
            r.Fail(prefix + "key-id", "this node sends to a collector, so it needs the key id the collector knows its key by (set ACTORTRAP_FEED_KEY_ID)");
        }

        var maxNew = r.Int(prefix + "max-new-per-minute", 1, 10_000_000);
        var reporters = BindReporters(r, prefix + "reporters", maxNew);
        if (listen is not null && reporters.Count == 0)
        {
            r.Fail(prefix + "reporters", "this node collects, so it needs at least one reporter: reporters { det-a { key = ${?ACTORTRAP_FEED_KEY_DET_A} } } (docs/udp-feed.md)");
        }

        return new UdpFeedOptions(collector, listen, key.Length == 0 ? null : Encoding.UTF8.GetBytes(key),
            r.Duration(prefix + "replay-window", TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)),
            r.Int(prefix + "max-seen", 1_000, 100_000_000),
            r.Int(prefix + "send-queue", 1, 10_000_000))
        {
            KeyId = keyId.Length == 0 ? null : keyId,
            Reporters = reporters,
            MinReporters = r.Int(prefix + "min-reporters", 1, ReporterMark.MaxPerAddress),
            Window = r.Duration(prefix + "window", TimeSpan.FromMinutes(1), TimeSpan.FromDays(30)),
        };
    }

    /// <summary><c>reporters { &lt;key-id&gt; { key, trusted, weight, max-new-per-minute, revoked } }</c>, in key id order.</summary>
    private static List<FeedReporterOptions> BindReporters(SettingsReader r, string path, int defaultMaxNew)
    {
        var reporters = new List<FeedReporterOptions>();
        if (!r.Config.HasPath(path) || r.Config.GetValueKind(path) != Hocon.HoconValueKind.Object)
        {
            r.Require(!r.Config.HasPath(path), path, "must be an object of reporters by key id: reporters { det-a { key = \"...\" } }");
            return reporters;
        }

        var map = r.Config.GetConfig(path);
        foreach (var id in map.Keys.Order(StringComparer.Ordinal))
        {
            var at = $"{path}.{id}";
            if (!ReporterMark.IsValidId(id))
            {
                r.Fail(at, $"\"{id}\" is not a key id: 1 to 32 of a-z 0-9 - _, starting with a letter or digit");
                continue;
            }

            if (map.GetValueKind(id) != Hocon.HoconValueKind.Object)
            {
                r.Fail(at, "must be an object: { key = \"...\", trusted = off, weight = 1, max-new-per-minute = 100, revoked = off }");
                continue;
            }

            var one = r.Element(map.GetConfig(id), at);
            foreach (var unknown in one.Config.Keys.Except(ReporterKeys, StringComparer.Ordinal))
            {
                r.Fail($"{at}.{unknown}", $"unknown key; a reporter has {string.Join(", ", ReporterKeys)}");
            }

            var key = one.Config.HasPath("key") ? one.String("key") : "";
            if (key.Length < MinFeedKeyLength)
            {
                r.Fail(at + ".key", $"must be at least {MinFeedKeyLength} characters (generate one with: openssl rand -hex 32)");
            }

            var weight = one.Config.HasPath("weight") ? one.Double("weight") : 1;
            r.Require(weight is > 0 and <= 1, at + ".weight", $"must be above 0 and at most 1, got {weight}");
            reporters.Add(new FeedReporterOptions(id, Encoding.UTF8.GetBytes(key),
                one.Config.HasPath("trusted") && one.Boolean("trusted"),
                weight,
                one.Config.HasPath("max-new-per-minute") ? one.Int("max-new-per-minute", 1, 10_000_000) : defaultMaxNew,
                one.Config.HasPath("revoked") && one.Boolean("revoked")));
        }

        return reporters;
    }

    private static readonly string[] ReporterKeys = ["key", "trusted", "weight", "max-new-per-minute", "revoked"];

    private static IPEndPoint? OptionalEndpoint(SettingsReader r, string path, bool allowPortZero)
    {
        var text = r.String(path).Trim();
        if (text.Length == 0)
        {
            return null;
        }

        if (ListenAddress.TryParse(text, 0, out var endPoint, out var error) && (allowPortZero || endPoint.Port != 0))
        {
            return endPoint;
        }

        r.Fail(path, error ?? $"\"{text}\" needs a port, e.g. \"{text}:7625\"");
        return null;
    }
}

using System.Net;
using System.Text;
using ActorTrap.Node.Publishing;

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
        var key = r.String(prefix + "key");
        if (key.Length is > 0 and < MinFeedKeyLength)
        {
            r.Fail(prefix + "key", $"must be at least {MinFeedKeyLength} characters (generate one with: openssl rand -hex 32)");
        }
        else if ((collector is not null || listen is not null) && key.Length == 0)
        {
            r.Fail(prefix + "key", "the UDP feed is on, so it needs the shared key (set ACTORTRAP_FEED_KEY; generate one with: openssl rand -hex 32)");
        }

        return new UdpFeedOptions(collector, listen, key.Length == 0 ? null : Encoding.UTF8.GetBytes(key),
            r.Duration(prefix + "replay-window", TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)),
            r.Int(prefix + "max-seen", 1_000, 100_000_000),
            r.Int(prefix + "send-queue", 1, 10_000_000));
    }

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

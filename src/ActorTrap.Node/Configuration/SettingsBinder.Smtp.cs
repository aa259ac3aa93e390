using System.Net;
using ActorTrap.Node.Session;

namespace ActorTrap.Node.Configuration;

internal static partial class SettingsBinder
{
    private const string Smtp = "actortrap.smtp";

    private static SmtpOptions BindSmtp(SettingsReader r)
    {
        var listen = new List<IPEndPoint>();
        foreach (var text in r.StringList($"{Smtp}.listen"))
        {
            if (ListenAddress.TryParse(text, 25, out var endPoint, out var error))
            {
                listen.Add(endPoint);
            }
            else
            {
                r.Fail($"{Smtp}.listen", error);
            }
        }

        foreach (var twice in listen.GroupBy(e => e).Where(g => g.Count() > 1 && g.Key.Port != 0))
        {
            r.Fail($"{Smtp}.listen", $"{ListenAddress.Format(twice.Key)} is listed more than once");
        }

        var hostname = r.String($"{Smtp}.hostname").Trim().TrimEnd('.').ToLowerInvariant();
        r.Require(hostname.Length == 0 || DomainName.IsValid(hostname), $"{Smtp}.hostname",
            $"\"{hostname}\" is not a host name such as mx2.example.org");

        // Unset: the machine's name only when fully qualified, never a pod's short name (issue 16).
        var defaultName = MailHostName.Default(Environment.MachineName);

        var mode = r.String($"{Smtp}.mode").Trim().ToLowerInvariant() switch
        {
            "drop" => SessionMode.Drop,
            "observe" => SessionMode.Observe,
            var other => Fail(r, $"{Smtp}.mode", $"must be drop or observe, got \"{other}\"", SessionMode.Observe),
        };
        var trickle = r.String($"{Smtp}.trickle").Trim().ToLowerInvariant() switch
        {
            "line" => TrickleStyle.Line,
            "byte" => TrickleStyle.Byte,
            var other => Fail(r, $"{Smtp}.trickle", $"must be line or byte, got \"{other}\"", TrickleStyle.Line),
        };

        var second = TimeSpan.FromSeconds(1);
        var day = TimeSpan.FromDays(1);
        var hold = r.Duration($"{Smtp}.hold", TimeSpan.Zero, day);
        var trickleInterval = r.Duration($"{Smtp}.trickle-interval", TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10));
        var holdReply = r.Duration($"{Smtp}.hold-reply-time", TimeSpan.Zero, day);
        r.Require(holdReply <= TimeSpan.Zero || trickleInterval <= holdReply || r.Failed, $"{Smtp}.hold-reply-time",
            $"must be at least trickle-interval ({trickleInterval.TotalSeconds}s) so each reply trickles at least once");

        return new SmtpOptions(
            listen,
            hostname.Length == 0 ? defaultName.Name : hostname,
            mode,
            r.Boolean($"{Smtp}.drop-reply"),
            hold,
            trickleInterval,
            trickle,
            holdReply,
            r.Duration($"{Smtp}.greet-pause", TimeSpan.Zero, TimeSpan.FromMinutes(5)),
            r.Duration($"{Smtp}.quit-wait", TimeSpan.Zero, TimeSpan.FromMinutes(10)),
            TimeSpan.Zero, // set from actortrap.dns.lookup-budget by the caller
            r.Duration($"{Smtp}.idle-timeout", second, day),
            r.Duration($"{Smtp}.session-timeout", second, day),
            r.Int($"{Smtp}.max-line-bytes", 512, 64 * 1024),
            r.Int($"{Smtp}.max-commands", 1, 10_000),
            r.Int($"{Smtp}.max-errors", 1, 10_000),
            r.Int($"{Smtp}.max-connections-per-ip", 1, 1_000_000),
            r.Int($"{Smtp}.max-connections", 0, 10_000_000),
            r.Int($"{Smtp}.max-held", 0, 10_000_000),
            r.Int($"{Smtp}.file-reserve", 64, 1_000_000),
            r.Boolean($"{Smtp}.check-reverse-dns"),
            BindProxy(r),
            BindTraps(r),
            BindMx(r),
            BindSinWeights(r))
        {
            Permit = BindPermit(r),
            Retry = BindRetry(r),
            HostnameFellBack = hostname.Length == 0 && defaultName.FellBack,
        };
    }

    /// <summary>CIDRs or single addresses, plus two words: loopback, and host (every address of this host's interfaces).</summary>
    private static List<IPNetwork> BindPermit(SettingsReader r)
    {
        var path = $"{Smtp}.permit";
        var networks = new List<IPNetwork>();
        foreach (var text in r.StringList(path))
        {
            switch (text.Trim().ToLowerInvariant())
            {
                case "loopback":
                    networks.Add(IPNetwork.Parse("127.0.0.0/8"));
                    networks.Add(IPNetwork.Parse("::1/128"));
                    break;
                case "host":
                    networks.AddRange(HostAddresses().Select(a => new IPNetwork(a, a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)));
                    break;
                default:
                    if (TryParseNetwork(text, out var network, out var error))
                    {
                        networks.Add(network);
                    }
                    else
                    {
                        r.Fail(path, $"{error}, or the word loopback or host");
                    }

                    break;
            }
        }

        return [.. networks.Distinct()];
    }

    private static IEnumerable<IPAddress> HostAddresses()
    {
        try
        {
            return System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(i => i.GetIPProperties().UnicastAddresses)
                // Without the scope id of a link-local address, so that it compares equal to a client's.
                .Select(u => u.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? new IPAddress(u.Address.GetAddressBytes()) : u.Address)
                .ToList();
        }
        catch (System.Net.NetworkInformation.NetworkInformationException)
        {
            return []; // no interface list (a restricted container): loopback still comes from its own word
        }
    }

    private static RetryOptions BindRetry(SettingsReader r)
    {
        var min = r.Duration($"{Smtp}.retry.min-delay", TimeSpan.Zero, TimeSpan.FromDays(1));
        var max = r.Duration($"{Smtp}.retry.max-delay", TimeSpan.FromSeconds(1), TimeSpan.FromDays(60));
        r.Require(max > min || r.Failed, $"{Smtp}.retry.max-delay", $"must be longer than actortrap.smtp.retry.min-delay ({min})");
        return new RetryOptions(min, max, r.Int($"{Smtp}.retry.max-networks", 1, 10_000_000));
    }

    private static ProxyProtocolOptions BindProxy(SettingsReader r)
    {
        var trusted = new List<IPNetwork>();
        foreach (var text in r.StringList($"{Smtp}.proxy-protocol.trusted"))
        {
            // IPNetwork.TryParse accepts host bits after the prefix and drops them; a typo such as 10.0.0.1/8 would then
            // silently trust a whole /8, so the address must already be the network's base address.
            var slash = text.IndexOf('/', StringComparison.Ordinal);
            if (IPNetwork.TryParse(text.Trim(), out var network) && slash > 0
                && IPAddress.TryParse(text.AsSpan(0, slash).Trim(), out var written) && written.Equals(network.BaseAddress))
            {
                trusted.Add(network);
            }
            else
            {
                r.Fail($"{Smtp}.proxy-protocol.trusted", $"\"{text}\" is not a network such as 10.0.0.0/8 or 2001:db8::/32 (host bits must be zero)");
            }
        }

        return new ProxyProtocolOptions(trusted, r.Duration($"{Smtp}.proxy-protocol.timeout", TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1)));
    }

    private static MxTrapOptions BindMx(SettingsReader r)
    {
        var primaries = new List<MxPrimary>();
        foreach (var text in r.StringList($"{Smtp}.mx.primaries"))
        {
            if (MxPrimary.TryParse(text, out var primary, out var error))
            {
                primaries.Add(primary!);
            }
            else
            {
                r.Fail($"{Smtp}.mx.primaries", error!);
            }
        }

        var interval = r.Duration($"{Smtp}.mx.probe-interval", TimeSpan.FromSeconds(10), TimeSpan.FromHours(1));
        var timeout = r.Duration($"{Smtp}.mx.probe-timeout", TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
        // A probe still waiting when the next one is due would be skipped every round: the domain would never be known.
        r.Require(timeout < interval || r.Failed, $"{Smtp}.mx.probe-timeout",
            $"must be shorter than probe-interval ({interval.TotalSeconds}s) so each probe ends before the next is due");
        return new MxTrapOptions(Domains(r, $"{Smtp}.mx.backup-domains"), r.Boolean($"{Smtp}.mx.check-dns"), primaries, interval, timeout);
    }

    private static TrapOptions BindTraps(SettingsReader r)
    {
        var addresses = new List<string>();
        foreach (var text in r.StringList($"{Smtp}.traps.addresses"))
        {
            var address = text.Trim().ToLowerInvariant();
            var at = address.LastIndexOf('@');
            if (at > 0 && DomainName.IsValid(address[(at + 1)..]))
            {
                addresses.Add(address);
            }
            else
            {
                r.Fail($"{Smtp}.traps.addresses", $"\"{text}\" is not an address such as harvest-me@trap.example.org");
            }
        }

        return new TrapOptions(Domains(r, $"{Smtp}.traps.domains"), addresses);
    }

    private static List<string> Domains(SettingsReader r, string path)
    {
        var domains = new List<string>();
        foreach (var text in r.StringList(path))
        {
            var domain = text.Trim().TrimEnd('.').ToLowerInvariant();
            if (r.Require(DomainName.IsValid(domain), path, $"\"{text}\" is not a domain name such as example.org"))
            {
                domains.Add(domain);
            }
        }

        return domains;
    }

    private static Dictionary<SinKind, double> BindSinWeights(SettingsReader r)
    {
        var weights = new Dictionary<SinKind, double>();
        foreach (var kind in Enum.GetValues<SinKind>())
        {
            var path = $"{Smtp}.sins.{kind.WireName()}";
            var weight = r.Double(path);
            if (kind.Class() == SinClass.Virtue)
            {
                r.Require(double.IsFinite(weight) && weight <= 0, path, "must be a number of at most 0: a virtue's weight is negative");
            }
            else
            {
                r.Require(double.IsFinite(weight) && weight >= 0, path, "must be a number of at least 0 (0 records the sin without weight)");
            }

            weights[kind] = weight;
        }

        return weights;
    }

    private static T Fail<T>(SettingsReader r, string path, string message, T placeholder)
    {
        r.Fail(path, message);
        return placeholder;
    }
}

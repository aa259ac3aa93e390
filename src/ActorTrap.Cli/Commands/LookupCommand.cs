using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Resolver;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorTrap.Cli.Commands;

/// <summary>
/// <c>actortrap lookup IP</c>: asks every configured DNSBL zone about one address, as a session would, and prints
/// per zone listed / not listed / error with codes and TXT, the weighted score against the threshold, and the PTR
/// with its forward confirmation. Exit 0 under the threshold, 1 listed, 2 on a usage or configuration error, 3 unknown
/// (zones that failed could have made it listed; see <see cref="Verdict"/>). Starts no listener, so it runs beside a node.
/// </summary>
internal static class LookupCommand
{
    /// <summary>Under the threshold, and zones that failed could not have changed that.</summary>
    public const int NotListedExit = 0;

    public const int ListedExit = 1;

    public const int UsageExit = 2;

    /// <summary>No answer to rely on: the zones that failed could have put the address over the threshold.</summary>
    public const int UnknownExit = 3;

    // TXT comes from the DNSBL (and the DNS path to it): shown escaped and cut, never raw, on an operator's terminal.
    private const int MaxTextChars = 200;

    public static Command Create()
    {
        var lookup = new Command("lookup", "Look an IP address up in the configured DNS blacklists, with its reverse DNS");
        var address = new Argument<string>("ip") { Description = "IPv4 or IPv6 address, e.g. 127.0.0.2 (every DNSBL lists it) or 2001:db8::1" };
        var options = new ConfigOptions();
        lookup.Arguments.Add(address);
        options.AddTo(lookup);
        lookup.SetAction(async (result, cancellationToken) =>
        {
            var text = result.GetValue(address) ?? string.Empty;
            if (!IPAddress.TryParse(text, out var ip))
            {
                Console.Error.WriteLine($"actortrap lookup: \"{Escape(text)}\" is not an IP address");
                return UsageExit;
            }

            var loaded = NodeConfig.Load(options.Read(result), Environment.GetEnvironmentVariable);
            if (loaded.Errors.Count > 0 || loaded.Settings is null)
            {
                foreach (var error in loaded.Errors)
                {
                    Console.Error.WriteLine(error.ToString());
                }

                Console.Error.WriteLine("actortrap lookup: the configuration has errors");
                return UsageExit;
            }

            var (dnsbl, ptr) = await ClientLookup.RunAsync(loaded.Settings, ip, NullLoggerFactory.Instance, cancellationToken).ConfigureAwait(false);
            var servers = string.Join(", ", loaded.Settings.Dns.Servers.Select(ListenAddress.Format));
            Console.Out.Write(Render(dnsbl, ptr, loaded.Settings.Dnsbl.Threshold, servers));
            return Verdict(dnsbl, loaded.Settings.Dnsbl.Threshold) switch
            {
                ZoneStatus.Listed => ListedExit,
                ZoneStatus.NotListed => NotListedExit,
                _ => UnknownExit,
            };
        });
        return lookup;
    }

    /// <summary>
    /// Listed at or over the threshold; otherwise unknown (<see cref="ZoneStatus.Error"/>) when every zone failed, or
    /// when the weights of the zones that failed could have reached the threshold; else not listed. A dead resolver
    /// must not read as "not listed".
    /// </summary>
    internal static ZoneStatus Verdict(DnsblReport dnsbl, double threshold)
    {
        if (dnsbl.Listed)
        {
            return ZoneStatus.Listed;
        }

        var failed = dnsbl.Zones.Where(z => z.Status == ZoneStatus.Error).ToList();
        if (failed.Count == 0)
        {
            return ZoneStatus.NotListed;
        }

        var couldAdd = failed.Where(z => z.Weight > 0).Sum(z => z.Weight);
        return failed.Count == dnsbl.Zones.Count || dnsbl.Score + couldAdd >= threshold ? ZoneStatus.Error : ZoneStatus.NotListed;
    }

    /// <param name="servers">The DNS servers asked (actortrap.dns.servers), named when zones fail.</param>
    internal static string Render(DnsblReport dnsbl, PtrReport ptr, double threshold, string servers)
    {
        var o = new StringBuilder();
        o.Append(CultureInfo.InvariantCulture, $"{dnsbl.Client}\n");
        var width = dnsbl.Zones.Select(z => z.Zone.Length).DefaultIfEmpty(4).Max();
        foreach (var z in dnsbl.Zones)
        {
            var status = z.Status switch
            {
                ZoneStatus.Listed => "listed",
                ZoneStatus.NotListed => "not listed",
                ZoneStatus.Disabled => "disabled",
                _ => "error",
            };
            var line = new StringBuilder();
            line.Append(CultureInfo.InvariantCulture, $"  {z.Zone.PadRight(width)}  {status,-10}  weight {z.Weight,-4}");
            if (z.Codes.Count > 0)
            {
                line.Append("  codes ").Append(string.Join(',', z.Codes));
            }

            if (z.Reason is { } reason)
            {
                line.Append("  txt \"").Append(Escape(reason)).Append('"');
            }

            if (z.Error is { } error)
            {
                line.Append("  (").Append(Escape(error)).Append(')');
            }

            o.Append(line.ToString().TrimEnd()).Append('\n');
        }

        if (dnsbl.Zones.Count == 0)
        {
            o.Append("  no DNSBL zone is enabled (actortrap.dnsbl.zones)\n");
        }

        var failed = dnsbl.Zones.Count(z => z.Status == ZoneStatus.Error);
        var verdict = Verdict(dnsbl, threshold) switch
        {
            ZoneStatus.Listed => "LISTED",
            ZoneStatus.NotListed => "not listed",
            _ => $"UNKNOWN ({failed} of {dnsbl.Zones.Count} zones failed: is the DNS server {servers} answering? see actortrap.dns.servers)",
        };
        o.Append(CultureInfo.InvariantCulture, $"score {dnsbl.Score} of threshold {threshold}: {verdict}\n");
        o.Append("ptr ");
        if (ptr.Error is { } ptrError)
        {
            o.Append("error (").Append(Escape(ptrError)).Append(")\n");
        }
        else if (ptr.Names.Count == 0)
        {
            o.Append("none\n");
        }
        else
        {
            o.Append(string.Join(", ", ptr.Names.Select(Escape)))
                .Append(ptr.ForwardConfirmed ? "  forward-confirmed (FCrDNS pass)\n" : "  not forward-confirmed (FCrDNS fail)\n");
        }

        return o.ToString();
    }

    private static string Escape(string text)
    {
        var o = new StringBuilder(Math.Min(text.Length, MaxTextChars) + 8);
        foreach (var c in text.Take(MaxTextChars))
        {
            if (c is < ' ' or '\x7f' or '"' or '\\' || c > '\x7e')
            {
                o.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            }
            else
            {
                o.Append(c);
            }
        }

        return text.Length > MaxTextChars ? o.Append("...").ToString() : o.ToString();
    }
}

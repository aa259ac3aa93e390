using ActorTrap.Node.Configuration;
using ActorTrap.Node.Publishing.Dns;
using ActorTrap.Node.Publishing.Rbldnsd;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorTrap.Benchmarks.Dnsbl;

/// <summary>
/// Runs the built-in DNSBL responder, or writes the same listings as an rbldnsd zone, for bench/dnsbl-dnsperf.sh:
/// <code>
/// dnsbl-zone  --zone Z --listings FILE --out ZONEFILE
/// dnsbl-serve --zone Z --listings FILE --listen 127.0.0.1:PORT [--workers N]   (until stdin closes or SIGTERM)
/// </code>
/// The responder is configured from the reference configuration (same TTLs, codes and TXT template as the zone
/// file) with the rate limit off: the benchmark sends everything from 127.0.0.1.
/// </summary>
internal static class DnsblPeerCommand
{
    public static bool TryRun(string[] args, out int exitCode)
    {
        exitCode = 0;
        if (args.Length == 0 || args[0] is not ("dnsbl-serve" or "dnsbl-zone"))
        {
            return false;
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            options[args[i]] = args[i + 1];
        }

        var overrides = new List<string>
        {
            $"actortrap.publish.dns.zone=\"{options["--zone"]}\"",
            "actortrap.publish.dns.rate-limit=0",
        };
        if (options.TryGetValue("--listen", out var listen))
        {
            overrides.Add($"actortrap.publish.dns.listen=[\"{listen}\"]");
        }

        var loaded = NodeConfig.Load(new ConfigSources(null, overrides), Environment.GetEnvironmentVariable);
        if (loaded.Settings is null)
        {
            Console.Error.WriteLine(string.Join('\n', loaded.Errors));
            exitCode = 2;
            return true;
        }

        var dns = loaded.Settings.Publish.Dns;
        var blacklist = BenchBlacklist.Load(options["--listings"]);
        if (args[0] == "dnsbl-zone")
        {
            File.WriteAllText(options["--out"], RbldnsdZoneFile.Render(blacklist.Snapshot(), dns, 1, DateTimeOffset.UtcNow));
            return true;
        }

        var workers = options.TryGetValue("--workers", out var w) ? int.Parse(w, System.Globalization.CultureInfo.InvariantCulture) : Environment.ProcessorCount;
        var responder = DnsblResponder.Start(dns, blacklist, TimeProvider.System, NullLogger.Instance, workers);
        responder.Answerer.Serial = 1;
        Console.WriteLine($"dnsbl-serve: {blacklist.Snapshot().Count} listings, {workers} UDP workers, answering on {string.Join(", ", responder.UdpEndPoints)}");
        using var stop = new ManualResetEventSlim();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Set();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Set();
        };
        stop.Wait();
        responder.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return true;
    }
}

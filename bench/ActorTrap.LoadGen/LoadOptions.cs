using System.Globalization;
using System.Net;

namespace ActorTrap.LoadGen;

/// <summary>Command line of the load tool; every run is bounded in time and count, and loopback only.</summary>
internal sealed record LoadOptions(
    string Mode,
    IPEndPoint Target,
    int Connections,
    IPNetwork Sources,
    TimeSpan Duration,
    int Concurrency,
    int? Pid,
    TimeSpan Ramp,
    TimeSpan Settle,
    int ArrivalRate,
    TimeSpan Status,
    bool Quit)
{
    public const string Usage = """
        usage: actortrap-loadgen hold|rate --target HOST:PORT [--connections N] [--sources CIDR] [--duration 30s]
                                 [--concurrency N] [--pid NODE_PID] [--ramp 30s] [--settle 10s]
                                 [--arrival-rate N] [--status 30s] [--quit true]
          hold: open --connections connections from addresses in --sources (spread evenly) over --ramp, keep them
                open reading what the server trickles, then sample the node's RSS and CPU for --duration; with
                --arrival-rate N, every second of --settle and --duration N new connections (from the next source
                addresses) arrive and the N oldest are closed, so the held count stays level while clients churn;
                a status line every --status (0 = none)
          rate: keep --concurrency connections in flight, each read until the server closes it, for --duration;
                report connections per second, latency and the first reply code; with --quit true a client that
                gets a final 220 greeting (a peer that hands unlisted clients to its SMTP server) says QUIT
        """;

    public static LoadOptions Parse(string[] args)
    {
        if (args.Length == 0)
        {
            throw new ArgumentException("missing mode");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"expected --name value, got {args[i]}");
            }

            values[args[i][2..]] = args[i + 1];
        }

        var target = IPEndPoint.Parse(values.GetValueOrDefault("target") ?? throw new ArgumentException("--target is required"));
        var sources = IPNetwork.Parse(values.GetValueOrDefault("sources", "127.1.0.0/16"));
        if (!IPAddress.IsLoopback(target.Address) || !IPAddress.IsLoopback(sources.BaseAddress))
        {
            throw new ArgumentException("target and sources must be loopback addresses: this tool never sends traffic elsewhere");
        }

        return new LoadOptions(
            args[0],
            target,
            Int(values, "connections", 1000, 1, 19_000),
            sources,
            ParseDuration(values, "duration", "30s"),
            Int(values, "concurrency", 100, 1, 10_000),
            values.TryGetValue("pid", out var pid) ? int.Parse(pid, CultureInfo.InvariantCulture) : null,
            ParseDuration(values, "ramp", "30s"),
            ParseDuration(values, "settle", "10s"),
            Int(values, "arrival-rate", 0, 0, 5_000),
            ParseDuration(values, "status", "0s"),
            bool.Parse(values.GetValueOrDefault("quit", "false")));
    }

    private static int Int(Dictionary<string, string> values, string key, int fallback, int min, int max)
    {
        var value = values.TryGetValue(key, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
        return value >= min && value <= max ? value : throw new ArgumentException($"--{key} must be between {min} and {max}");
    }

    private static TimeSpan ParseDuration(Dictionary<string, string> values, string key, string fallback)
    {
        var text = values.GetValueOrDefault(key, fallback);
        var unit = text.TrimStart("0123456789.".ToCharArray());
        var number = double.Parse(text[..^unit.Length], CultureInfo.InvariantCulture);
        var span = unit switch
        {
            "ms" => TimeSpan.FromMilliseconds(number),
            "s" => TimeSpan.FromSeconds(number),
            "m" => TimeSpan.FromMinutes(number),
            _ => throw new ArgumentException($"--{key}: use ms, s or m, got {text}"),
        };
        return span <= TimeSpan.FromHours(2) ? span : throw new ArgumentException($"--{key} is capped at 2 h");
    }

    /// <summary>The i-th source address: spread over the range, skipping the network and .0/.255 host parts.</summary>
    public IPAddress Source(int i)
    {
        var bytes = Sources.BaseAddress.GetAddressBytes();
        var hostBits = 32 - Sources.PrefixLength;
        var usable = (1L << hostBits) - 2;
        var offset = 1 + (i % Math.Max(usable, 1));
        var value = ((uint)bytes[0] << 24 | (uint)bytes[1] << 16 | (uint)bytes[2] << 8 | bytes[3]) + (uint)offset;
        return new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
    }
}

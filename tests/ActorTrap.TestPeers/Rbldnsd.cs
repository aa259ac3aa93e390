using System.Globalization;
using System.Net;

namespace ActorTrap.TestPeers;

/// <summary>
/// A real rbldnsd (Debian package rbldnsd) serving the given zones on a private loopback UDP port from a private
/// temporary directory; killed and its directory removed on dispose. rbldnsd speaks UDP only.
/// </summary>
/// <example>
/// <code>
/// using var bl = await Rbldnsd.StartAsync(
///     RbldnsdZone.Ip4Set("bl.test", ":127.0.0.2:Listed, see http://bl.test/$\n127.0.0.2\n"),
///     RbldnsdZone.Ip6Trie("bl.test", "::FFFF:7F00:2\n"));
/// // --set actortrap.dns.servers=["127.0.0.1:PORT"] with bl.ServerSpec
/// </code>
/// </example>
public sealed class Rbldnsd : IDisposable
{
    // A port found free can be taken by a parallel test run before rbldnsd binds it; a few tries absorb that.
    private const int StartAttempts = 5;

    private readonly PeerProcess process;
    private readonly PeerDirectory directory;

    private Rbldnsd(PeerProcess process, PeerDirectory directory, IPEndPoint endPoint)
    {
        this.process = process;
        this.directory = directory;
        EndPoint = endPoint;
    }

    /// <summary>Where rbldnsd answers (UDP).</summary>
    public IPEndPoint EndPoint { get; }

    public int Port => EndPoint.Port;

    /// <summary>The endpoint as <c>host:port</c>, the form <c>actortrap.dns.servers</c> takes.</summary>
    public string ServerSpec => $"{EndPoint.Address}:{EndPoint.Port}";

    public int Pid => process.Pid;

    /// <summary>The zone files' directory (0755, readable by user rbldns).</summary>
    public string DataDirectory => directory.Path;

    /// <summary>rbldnsd's log so far, for assertion messages.</summary>
    public string Output => process.Output;

    public static Task<Rbldnsd> StartAsync(params RbldnsdZone[] zones)
    {
        var options = new RbldnsdOptions();
        foreach (var z in zones)
        {
            options.Zones.Add(z);
        }

        return StartAsync(options);
    }

    public static async Task<Rbldnsd> StartAsync(RbldnsdOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Zones.Count == 0)
        {
            throw new ArgumentException("rbldnsd needs at least one zone", nameof(options));
        }

        var binary = PeerBinary.Require("rbldnsd", "rbldnsd");
        var directory = new PeerDirectory("actortrap-rbldnsd-");
        try
        {
            foreach (var zone in options.Zones)
            {
                directory.Write(zone.FileName, zone.Data);
            }

            var failures = new List<string>();
            for (var attempt = 0; attempt < StartAttempts; attempt++)
            {
                var endPoint = new IPEndPoint(options.Address, FreePort.UdpAndTcp(options.Address));
                var process = PeerProcess.Start("rbldnsd", binary, Arguments(options, directory.Path, endPoint));
                if (await PeerReadiness.WaitAsync(process, endPoint, options.Zones[0].Zone, options.StartTimeout, cancellationToken).ConfigureAwait(false))
                {
                    return new Rbldnsd(process, directory, endPoint);
                }

                failures.Add($"attempt {attempt + 1} on port {endPoint.Port}:\n{process.Output}");
                var exited = process.HasExited;
                process.Dispose();
                if (!exited)
                {
                    break; // running but silent: another port will not help
                }
            }

            throw new PeerStartException($"rbldnsd did not answer within {options.StartTimeout.TotalSeconds} s. Its output:\n{string.Join('\n', failures)}");
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>Replaces a zone file atomically; call <see cref="Reload"/> for rbldnsd to pick it up now.</summary>
    public string WriteZoneFile(string fileName, string data) => directory.Write(fileName, data);

    /// <summary>SIGHUP: rbldnsd re-reads changed zone files. It answers from the old data until the reload finished.</summary>
    public void Reload() => process.Signal(1);

    public void Dispose()
    {
        process.Dispose();
        directory.Dispose();
    }

    private static List<string> Arguments(RbldnsdOptions options, string dir, IPEndPoint endPoint)
    {
        var args = new List<string> { "-n" };
        if (PeerDirectory.IsRoot)
        {
            // rbldnsd refuses to run as root; the Debian package creates this user.
            args.AddRange(["-u", "rbldns"]);
        }

        args.AddRange(["-w", dir, "-b", $"{endPoint.Address}/{endPoint.Port}", "-t", Seconds(options.DefaultTtl)]);
        if (options.CheckInterval is { } check)
        {
            args.AddRange(["-c", Seconds(check)]);
        }

        args.AddRange(options.Zones.Select(z => $"{z.Zone}:{z.Type}:{z.FileName}"));
        return args;
    }

    private static string Seconds(TimeSpan t) => ((long)Math.Ceiling(t.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}

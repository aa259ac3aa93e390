using System.Globalization;
using System.Net;
using System.Text;

namespace ActorTrap.TestPeers;

/// <summary>
/// A real unbound (Debian package unbound) on a private loopback port (UDP and TCP) with a private directory: no
/// chroot, no privilege drop, no remote control, no DNSSEC validation (no trust anchor can be fetched here), one
/// thread. Zones in <see cref="UnboundOptions.Upstreams"/> go to their server; everything else unbound knows only
/// from its local data. Stopped on dispose.
/// </summary>
/// <example>
/// <code>
/// using var bl = await Rbldnsd.StartAsync(RbldnsdZone.Ip4Set("bl.test", "127.0.0.2\n"));
/// using var resolver = await Unbound.ForwarderAsync(new UnboundUpstream("bl.test", bl.EndPoint));
/// </code>
/// </example>
public sealed class Unbound : IDisposable
{
    private const int StartAttempts = 5;

    private readonly PeerProcess process;
    private readonly PeerDirectory directory;

    private Unbound(PeerProcess process, PeerDirectory directory, IPEndPoint endPoint, string configPath)
    {
        this.process = process;
        this.directory = directory;
        EndPoint = endPoint;
        ConfigPath = configPath;
    }

    /// <summary>Where unbound answers, over UDP and TCP.</summary>
    public IPEndPoint EndPoint { get; }

    public int Port => EndPoint.Port;

    /// <summary>The endpoint as <c>host:port</c>, the form <c>actortrap.dns.servers</c> takes.</summary>
    public string ServerSpec => $"{EndPoint.Address}:{EndPoint.Port}";

    public int Pid => process.Pid;

    public string ConfigPath { get; }

    /// <summary>unbound's log so far, for assertion messages.</summary>
    public string Output => process.Output;

    /// <summary>Starts unbound passing the given zones on to their servers, with no other data.</summary>
    public static Task<Unbound> ForwarderAsync(params UnboundUpstream[] upstreams)
    {
        var options = new UnboundOptions();
        foreach (var u in upstreams)
        {
            options.Upstreams.Add(u);
        }

        return StartAsync(options);
    }

    public static async Task<Unbound> StartAsync(UnboundOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var binary = PeerBinary.Require("unbound", "unbound");
        var directory = new PeerDirectory("actortrap-unbound-");
        try
        {
            var failures = new List<string>();
            for (var attempt = 0; attempt < StartAttempts; attempt++)
            {
                var endPoint = new IPEndPoint(options.Address, options.Port ?? FreePort.UdpAndTcp(options.Address));
                var config = directory.Write("unbound.conf", Config(options, directory.Path, endPoint));
                var process = PeerProcess.Start("unbound", binary, ["-d", "-c", config]);
                if (await PeerReadiness.WaitAsync(process, endPoint, "localhost", options.StartTimeout, cancellationToken).ConfigureAwait(false))
                {
                    return new Unbound(process, directory, endPoint, config);
                }

                failures.Add($"attempt {attempt + 1} on port {endPoint.Port}:\n{process.Output}");
                var exited = process.HasExited;
                process.Dispose();
                if (!exited || options.Port is not null)
                {
                    break;
                }
            }

            throw new PeerStartException($"unbound did not answer within {options.StartTimeout.TotalSeconds} s. Its output:\n{string.Join('\n', failures)}");
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        process.Dispose();
        directory.Dispose();
    }

    private static string Config(UnboundOptions options, string dir, IPEndPoint endPoint)
    {
        var c = new StringBuilder();
        void Line(string text) => c.Append(text).Append('\n');
        Line("server:");
        Line($"  interface: {endPoint.Address}");
        Line($"  port: {endPoint.Port}");
        Line("  do-daemonize: no");
        Line("  chroot: \"\"");
        Line("  username: \"\"");
        Line($"  directory: \"{dir}\"");
        Line("  pidfile: \"\"");
        Line("  use-syslog: no");
        Line("  logfile: \"\"");
        Line("  verbosity: 1");
        Line("  num-threads: 1");
        Line("  so-reuseport: no");
        Line($"  do-ip6: {(endPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "yes" : "no")}");
        Line("  access-control: 127.0.0.0/8 allow");
        Line("  access-control: ::1 allow");
        // No validator: there is no reachable root to fetch a trust anchor from.
        Line("  module-config: \"iterator\"");
        // The upstreams are on loopback, which unbound refuses to query by default.
        Line("  do-not-query-localhost: no");
        Line("  qname-minimisation: no");
        // Few sockets: other engineers' tests share the machine's descriptors.
        Line("  outgoing-range: 64");
        Line("  num-queries-per-thread: 32");
        Line($"  edns-buffer-size: {options.EdnsBufferSize.ToString(CultureInfo.InvariantCulture)}");
        foreach (var u in options.Upstreams)
        {
            Line($"  local-zone: \"{Fqdn(u.Zone)}\" transparent");
        }

        foreach (var extra in options.ServerLines)
        {
            Line("  " + extra);
        }

        Line("remote-control:");
        Line("  control-enable: no");
        foreach (var u in options.Upstreams)
        {
            Line(u.Stub ? "stub-zone:" : "forward-zone:");
            Line($"  name: \"{Fqdn(u.Zone)}\"");
            Line($"  {(u.Stub ? "stub-addr" : "forward-addr")}: {u.Server.Address}@{u.Server.Port}");
        }

        return c.ToString();
    }

    private static string Fqdn(string zone) => zone.TrimEnd('.') + ".";
}

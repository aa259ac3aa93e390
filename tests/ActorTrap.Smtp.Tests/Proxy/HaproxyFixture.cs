using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorTrap.Smtp.Tests.Proxy;

/// <summary>
/// A real HAProxy (Debian <c>haproxy</c>) in TCP mode in a private temp directory, with three frontends on free
/// loopback ports relaying to one backend listener owned by the test: v1 (<c>send-proxy</c>) and v2
/// (<c>send-proxy-v2</c>) over IPv4, and v2 over IPv6. Killed on dispose.
/// </summary>
public sealed class HaproxyFixture : IDisposable
{
    private const string Binary = "/usr/sbin/haproxy";
    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _log = new();

    public HaproxyFixture()
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: install the Debian package haproxy (scripts/test.sh does).");
        }

        Backend = new TcpListener(IPAddress.Loopback, 0);
        Backend.Start();
        var backendPort = ((IPEndPoint)Backend.LocalEndpoint).Port;
        V1 = new IPEndPoint(IPAddress.Loopback, FreePort(IPAddress.Loopback));
        V2 = new IPEndPoint(IPAddress.Loopback, FreePort(IPAddress.Loopback));
        V2Ipv6 = new IPEndPoint(IPAddress.IPv6Loopback, FreePort(IPAddress.IPv6Loopback));

        _directory = Directory.CreateTempSubdirectory("actortrap-haproxy-").FullName;
        var config = Path.Combine(_directory, "haproxy.cfg");
        File.WriteAllText(config, $"""
            defaults
                mode tcp
                timeout connect 5s
                timeout client 30s
                timeout server 30s
            frontend v1
                bind 127.0.0.1:{V1.Port}
                default_backend send_v1
            frontend v2
                bind 127.0.0.1:{V2.Port}
                default_backend send_v2
            frontend v2_ipv6
                bind [::1]:{V2Ipv6.Port}
                default_backend send_v2
            backend send_v1
                server trap 127.0.0.1:{backendPort} send-proxy
            backend send_v2
                server trap 127.0.0.1:{backendPort} send-proxy-v2

            """);

        var info = new ProcessStartInfo(Binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-db", "-f", config })
        {
            info.ArgumentList.Add(arg);
        }

        _process = new Process { StartInfo = info };
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        RecordPid();
        WaitUntilListening(TimeSpan.FromSeconds(15));
    }

    /// <summary>Where HAProxy relays every connection to, each prefixed with a PROXY header.</summary>
    public TcpListener Backend { get; }

    public IPEndPoint V1 { get; }

    public IPEndPoint V2 { get; }

    public IPEndPoint V2Ipv6 { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5_000);
        }

        _process.Dispose();
        Backend.Stop();
        Directory.Delete(_directory, recursive: true);
    }

    private static int FreePort(IPAddress address)
    {
        using var probe = new TcpListener(address, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    // test.sh kills whatever a fixture recorded in its run directory, should the test process die first.
    private void RecordPid()
    {
        var runDirectory = Environment.GetEnvironmentVariable("ACTORTRAP_TEST_RUN_DIR");
        if (!string.IsNullOrEmpty(runDirectory) && Directory.Exists(runDirectory))
        {
            File.WriteAllText(Path.Combine(runDirectory, $"haproxy-{_process.Id}.pid"), _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    // HAProxy binds its frontends before it serves; a connection that is accepted means it is up.
    private void WaitUntilListening(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        foreach (var frontend in new[] { V1, V2, V2Ipv6 })
        {
            while (true)
            {
                try
                {
                    using var probe = new TcpClient(frontend.AddressFamily);
                    probe.Connect(frontend);
                    break;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
                {
                    Thread.Sleep(50);
                }
                catch (SocketException e)
                {
                    throw new InvalidOperationException($"haproxy is not listening on {frontend}: {e.Message}\n{Log}", e);
                }
            }
        }
    }
}

using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ActorTrap.TestPeers;

/// <summary>
/// A real HAProxy (Debian package haproxy) in TCP mode in front of a server, sending a PROXY v2 header
/// (<c>send-proxy-v2</c>) from a chosen loopback source address, as a load balancer in front of ActorTrap would.
/// </summary>
public sealed class HaproxyFront : IDisposable
{
    private readonly PeerProcess process;
    private readonly PeerDirectory directory;

    private HaproxyFront(PeerProcess process, PeerDirectory directory, IPEndPoint front)
    {
        this.process = process;
        this.directory = directory;
        Front = front;
    }

    /// <summary>Where clients connect.</summary>
    public IPEndPoint Front { get; }

    public string Output => process.Output;

    /// <param name="backend">The server behind the proxy.</param>
    /// <param name="backendSource">The address the proxy connects to the backend from (what the backend must trust).</param>
    public static async Task<HaproxyFront> StartAsync(IPEndPoint backend, IPAddress backendSource, string proxyVersion = "send-proxy-v2")
    {
        var binary = PeerBinary.Require("haproxy", "haproxy");
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort.UdpAndTcp();
            var directory = new PeerDirectory("haproxy");
            var config = directory.Write("haproxy.cfg", string.Create(CultureInfo.InvariantCulture, $"""
                global
                    maxconn 2000
                defaults
                    mode tcp
                    timeout connect 5s
                    timeout client 120s
                    timeout server 120s
                frontend smtp
                    bind 127.0.0.1:{port}
                    default_backend trap
                backend trap
                    server actortrap {backend.Address}:{backend.Port} {proxyVersion} source {backendSource}

                """));
            var process = PeerProcess.Start("haproxy", binary, ["-db", "-f", config]);
            var front = new IPEndPoint(IPAddress.Loopback, port);
            if (await ListensAsync(front, process, TimeSpan.FromSeconds(10)))
            {
                return new HaproxyFront(process, directory, front);
            }

            var output = process.Output;
            process.Dispose();
            directory.Dispose();
            if (attempt >= 3)
            {
                throw new PeerStartException($"haproxy did not start listening on {front}:\n{output}");
            }
        }
    }

    private static async Task<bool> ListensAsync(IPEndPoint front, PeerProcess process, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await probe.ConnectAsync(front);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        return false;
    }

    public void Dispose()
    {
        process.Dispose();
        directory.Dispose();
    }
}

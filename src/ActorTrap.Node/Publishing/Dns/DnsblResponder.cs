using ActorTrap.Node.Metrics;
using System.Net;
using System.Net.Sockets;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Reputation;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Publishing.Dns;

/// <summary>
/// The built-in DNSBL server: for each configured address a UDP socket and a TCP listener on the same port, all
/// answering from one <see cref="DnsblAnswerer"/> over the node's <see cref="ILocalBlacklist"/>.
/// </summary>
internal sealed class DnsblResponder : IAsyncDisposable
{
    private readonly List<DnsUdpServer> udp;
    private readonly List<DnsTcpServer> tcp;
    private readonly ILogger logger;

    private DnsblResponder(DnsblAnswerer answerer, DnsResponderStats stats, List<DnsUdpServer> udp, List<DnsTcpServer> tcp, ILogger logger)
    {
        Answerer = answerer;
        Stats = stats;
        this.udp = udp;
        this.tcp = tcp;
        this.logger = logger;
    }

    public DnsblAnswerer Answerer { get; }

    public DnsResponderStats Stats { get; }

    /// <summary>UDP addresses actually bound, in configuration order (real ports when configured with port 0).</summary>
    public IReadOnlyList<IPEndPoint> UdpEndPoints => [.. udp.Select(u => u.EndPoint)];

    public IReadOnlyList<IPEndPoint> TcpEndPoints => [.. tcp.Select(t => t.EndPoint)];

    /// <param name="udpWorkers">Threads per UDP socket; by default one per processor.</param>
    /// <param name="batchedUdp">recvmmsg/sendmmsg or one datagram per call; by default batched where the platform allows.</param>
    public static DnsblResponder Start(DnsPublishOptions options, ILocalBlacklist blacklist, TimeProvider time, ILogger logger, int? udpWorkers = null, bool? batchedUdp = null,
        NodeMeters? meters = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var answerer = new DnsblAnswerer(options, blacklist, (uint)time.GetUtcNow().ToUnixTimeSeconds());
        var stats = new DnsResponderStats(meters);
        var limiter = new SourceRateLimiter(options.RateLimitPerSecond, options.RateLimitBurst, time);
        var open = new SharedCounter();
        var udp = new List<DnsUdpServer>();
        var tcp = new List<DnsTcpServer>();
        try
        {
            foreach (var endPoint in options.Listen)
            {
                var (udpSocket, tcpSocket) = BindPair(endPoint);
                udp.Add(new DnsUdpServer(udpSocket, answerer, limiter, stats, logger, udpWorkers ?? Environment.ProcessorCount, batchedUdp));
                tcp.Add(new DnsTcpServer(tcpSocket, answerer, stats, logger, time, options.TcpIdleTimeout, open, options.TcpMaxConnections));
                Log.DnsResponderListening(logger, options.Zone, "udp+tcp", ListenAddress.Format(udp[^1].EndPoint));
            }
        }
        catch
        {
            Stop(udp, tcp).AsTask().GetAwaiter().GetResult();
            stats.Dispose();
            throw;
        }

        return new DnsblResponder(answerer, stats, udp, tcp, logger);
    }

    public async ValueTask DisposeAsync()
    {
        await Stop(udp, tcp).ConfigureAwait(false);
        Stats.Dispose();
        Log.DnsResponderStopped(logger);
    }

    private static async ValueTask Stop(List<DnsUdpServer> udp, List<DnsTcpServer> tcp)
    {
        foreach (var server in tcp)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var server in udp)
        {
            server.Dispose();
        }
    }

    /// <summary>
    /// A UDP socket and a TCP listener on the same address and port. With port 0 the kernel picks the UDP port; when
    /// that port is taken for TCP, another pair is tried.
    /// </summary>
    private static (Socket Udp, Socket Tcp) BindPair(IPEndPoint endPoint)
    {
        for (var attempt = 0; ; attempt++)
        {
            var udp = NewSocket(endPoint, SocketType.Dgram, ProtocolType.Udp);
            Socket? tcp = null;
            try
            {
                udp.Bind(endPoint);

                // Large buffers ride out bursts (the kernel caps them at net.core.rmem_max / wmem_max).
                udp.ReceiveBufferSize = 4 << 20;
                udp.SendBufferSize = 4 << 20;
                tcp = NewSocket(endPoint, SocketType.Stream, ProtocolType.Tcp);
                tcp.Bind(new IPEndPoint(endPoint.Address, ((IPEndPoint)udp.LocalEndPoint!).Port));
                tcp.Listen(512);
                return (udp, tcp);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse && endPoint.Port == 0 && attempt < 20)
            {
                udp.Dispose();
                tcp?.Dispose();
            }
            catch (SocketException e)
            {
                udp.Dispose();
                tcp?.Dispose();
                throw Hosting.StartFailures.Listen("actortrap.publish.dns.listen", "DNSBL responder", endPoint, e);
            }
            catch
            {
                udp.Dispose();
                tcp?.Dispose();
                throw;
            }
        }
    }

    private static Socket NewSocket(IPEndPoint endPoint, SocketType type, ProtocolType protocol)
    {
        var socket = new Socket(endPoint.AddressFamily, type, protocol);
        if (endPoint.AddressFamily == AddressFamily.InterNetworkV6)
        {
            // IPv6 only: "0.0.0.0:53" and "[::]:53" can then both be listed, as the configuration documents.
            socket.DualMode = false;
        }

        return socket;
    }
}

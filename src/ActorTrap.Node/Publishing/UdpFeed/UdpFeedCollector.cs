using System.Net;
using System.Net.Sockets;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Session;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Publishing.UdpFeed;

/// <summary>
/// The collector side: one thread receives datagrams, checks each line (size, version, MAC, fields, window, replay)
/// and hands the verdicts of valid ones to the node's <see cref="IVerdictSink"/>; every rejection is counted by
/// reason, never logged line by line (the sender may be an attacker). A single receive thread keeps the replay
/// memory lock-free.
/// </summary>
internal sealed class UdpFeedCollector : IDisposable
{
    private readonly Socket socket;
    // Swapped whole by a reload (SIGHUP); the receive or send loop reads it once per line.
    private volatile byte[] key;
    private readonly IVerdictSink sink;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly ReplayGuard replay;
    private readonly Thread thread;
    private volatile bool stopping;

    public UdpFeedCollector(IPEndPoint listen, byte[] key, TimeSpan replayWindow, int maxSeen, IVerdictSink sink, FeedStats stats, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(listen);
        this.key = key;
        this.sink = sink;
        this.time = time;
        this.logger = logger;
        Stats = stats;
        replay = new ReplayGuard(replayWindow, maxSeen);
        socket = new Socket(listen.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (listen.AddressFamily == AddressFamily.InterNetworkV6)
        {
            socket.DualMode = false;
        }

        try
        {
            socket.Bind(listen);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw Hosting.StartFailures.Listen("actortrap.publish.udp-feed.listen", "UDP feed collector", listen, e);
        }

        // Bursts from many detectors queue in the kernel while a line is checked (capped by net.core.rmem_max).
        socket.ReceiveBufferSize = 8 << 20;
        socket.ReceiveTimeout = 250;
        EndPoint = (IPEndPoint)socket.LocalEndPoint!;
        thread = new Thread(Run) { IsBackground = true, Name = "udp-feed-collector" };
        thread.Start();
        Log.FeedCollectorListening(logger, ListenAddress.Format(EndPoint));
    }

    /// <summary>A reload's <c>actortrap.publish.udp-feed.key</c>: lines received from now on are checked with it.</summary>
    public void UseKey(byte[] newKey) => key = newKey;

    public IPEndPoint EndPoint { get; }

    public FeedStats Stats { get; }

    public void Dispose()
    {
        stopping = true;
        thread.Join(TimeSpan.FromSeconds(2));
        socket.Dispose();
    }

    /// <summary>Checks one datagram and, when valid, submits its verdict. Exposed for tests that drive the clock.</summary>
    public FeedRejection Accept(ReadOnlySpan<byte> datagram)
    {
        var result = FeedLine.TryParse(datagram, key, out var verdict, out var timestampMs, out var fingerprint);
        if (result == FeedRejection.None)
        {
            lock (replay)
            {
                result = replay.Check(timestampMs, fingerprint, time.GetUtcNow());
            }
        }

        Stats.Count(result);
        if (result == FeedRejection.None)
        {
            sink.Submit(verdict!);
        }

        return result;
    }

    private void Run()
    {
        // One byte more than a line may have, so an oversized datagram is seen as such rather than cut to fit.
        var buffer = new byte[FeedLine.MaxBytes + 2];
        var source = new SocketAddress(socket.AddressFamily);
        while (!stopping)
        {
            try
            {
                var received = socket.ReceiveFrom(buffer, SocketFlags.None, source);
                Accept(buffer.AsSpan(0, received));
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock or SocketError.Interrupted)
            {
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.MessageSize)
            {
                Stats.Count(FeedRejection.Oversized);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
#pragma warning disable CA1031 // a failing sink or a bad datagram must not stop the collector
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.FeedCollectorLoopError(logger, e.Message);
            }
        }
    }
}

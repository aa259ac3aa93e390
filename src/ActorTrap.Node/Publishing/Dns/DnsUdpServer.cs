using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Publishing.Dns;

/// <summary>
/// The UDP side of the responder: dedicated threads blocking on one socket, each with its own buffers, answering in
/// place. On Linux each thread takes up to 32 queued queries per <c>recvmmsg</c> and sends their answers with one
/// <c>sendmmsg</c> (<see cref="MmsgBatch"/>); elsewhere it uses <c>recvfrom</c>/<c>sendto</c> with a reused
/// <see cref="SocketAddress"/>. Neither allocates per packet. The threads wake every quarter second to notice a stop.
/// </summary>
internal sealed class DnsUdpServer : IDisposable
{
    /// <summary>Queries larger than this are not DNSBL queries; the kernel cuts them and they are dropped.</summary>
    private const int ReceiveBufferBytes = 4096;

    private readonly Socket socket;
    private readonly DnsblAnswerer answerer;
    private readonly SourceRateLimiter limiter;
    private readonly DnsResponderStats stats;
    private readonly ILogger logger;
    private readonly List<Thread> threads = [];
    private readonly bool batched;
    private volatile bool stopping;

    /// <param name="batched">Use recvmmsg/sendmmsg; by default wherever <see cref="MmsgBatch.IsSupported"/>.</param>
    public DnsUdpServer(Socket socket, DnsblAnswerer answerer, SourceRateLimiter limiter, DnsResponderStats stats, ILogger logger, int workers, bool? batched = null)
    {
        this.batched = batched ?? MmsgBatch.IsSupported;
        this.socket = socket;
        this.answerer = answerer;
        this.limiter = limiter;
        this.stats = stats;
        this.logger = logger;
        EndPoint = (IPEndPoint)socket.LocalEndPoint!;
        socket.ReceiveTimeout = 250;
        for (var i = 0; i < workers; i++)
        {
            var thread = new Thread(Run) { IsBackground = true, Name = $"dnsbl-udp-{EndPoint.Port}-{i}" };
            threads.Add(thread);
            thread.Start();
        }
    }

    public IPEndPoint EndPoint { get; }

    public void Dispose()
    {
        stopping = true;
        foreach (var thread in threads)
        {
            thread.Join(TimeSpan.FromSeconds(2));
        }

        socket.Dispose();
    }

    private void Run()
    {
        if (batched)
        {
            RunBatched();
        }
        else
        {
            RunSingle();
        }
    }

    private void RunBatched()
    {
        var row = stats.NewUdpRow();
        var batch = new MmsgBatch();
        var handle = socket.SafeHandle;
        while (!stopping)
        {
            var received = batch.Receive(handle);
            if (received < 0)
            {
                return;
            }

            for (var i = 0; i < received; i++)
            {
                batch.SetResponse(i, Answer(batch.Query(i), batch.Source(i), batch.Response(i), row));
            }

            batch.SendAll(handle, received);
        }
    }

    /// <returns>The answer's length, or -1 to send nothing.</returns>
    private int Answer(ReadOnlySpan<byte> query, ReadOnlySpan<byte> source, Span<byte> response, long[] row)
    {
        if (query.IsEmpty)
        {
            DnsResponderStats.Count(row, DnsOutcome.Dropped); // cut by the kernel: larger than any DNSBL query
            return -1;
        }

        try
        {
            var decision = limiter.Enabled ? limiter.Check(SourceRateLimiter.NetworkKey(source, source.Length)) : RateDecision.Allow;
            if (decision == RateDecision.Drop)
            {
                DnsResponderStats.Count(row, DnsOutcome.RateLimitedDropped);
                return -1;
            }

            var length = answerer.Answer(query, response, udp: true, slip: decision == RateDecision.Slip, out var outcome);
            DnsResponderStats.Count(row, outcome);
            return length;
        }
#pragma warning disable CA1031 // one bad packet must never stop the loop
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.DnsResponderLoopError(logger, "udp", EndPoint.ToString(), e.Message);
            return -1;
        }
    }

    private void RunSingle()
    {
        var row = stats.NewUdpRow();
        var query = new byte[ReceiveBufferBytes];
        var response = new byte[DnsblAnswerer.ResponseBufferBytes];
        var source = new SocketAddress(socket.AddressFamily);
        while (!stopping)
        {
            int received;
            try
            {
                received = socket.ReceiveFrom(query, SocketFlags.None, source);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock or SocketError.Interrupted)
            {
                continue;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.MessageSize or SocketError.ConnectionReset)
            {
                // Oversized datagram, or an ICMP error from an earlier answer: nothing to answer.
                DnsResponderStats.Count(row, DnsOutcome.Dropped);
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            try
            {
                var decision = limiter.Enabled ? limiter.Check(SourceRateLimiter.NetworkKey(source)) : RateDecision.Allow;
                if (decision == RateDecision.Drop)
                {
                    DnsResponderStats.Count(row, DnsOutcome.RateLimitedDropped);
                    continue;
                }

                var length = answerer.Answer(query.AsSpan(0, received), response, udp: true, slip: decision == RateDecision.Slip, out var outcome);
                DnsResponderStats.Count(row, outcome);
                if (length > 0)
                {
                    socket.SendTo(response.AsSpan(0, length), SocketFlags.None, source);
                }
            }
            catch (SocketException)
            {
                // The source went away or the send buffer is full; UDP gives no promise, so neither do we.
            }
            catch (ObjectDisposedException)
            {
                return;
            }
#pragma warning disable CA1031 // one bad packet must never stop the loop
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.DnsResponderLoopError(logger, "udp", EndPoint.ToString(), e.Message);
            }
        }
    }
}

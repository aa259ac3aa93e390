using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace ActorTrap.Dns.Client;

public sealed partial class DnsClient
{
    // Room for any answer up to the common EDNS maximum; a server sending more than we advertised is malformed.
    private const int UdpReceiveBytes = 4096;

    private async Task<TryResult> UdpTryAsync(IPEndPoint server, DnsQuestion question, Memory<byte> query, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref tries);
        var id = NewId(query.Span);
        using var timeout = new CancellationTokenSource(options.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(UdpReceiveBytes);
        try
        {
            // A new socket bound to port 0: the OS picks a random source port for every try.
            using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            var any = server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
            socket.Bind(new IPEndPoint(any, 0));
            // Connected, so the kernel already drops datagrams from other sources and reports an ICMP port unreachable.
            await socket.ConnectAsync(server, linked.Token).ConfigureAwait(false);
            await socket.SendAsync(query, SocketFlags.None, linked.Token).ConfigureAwait(false);
            var from = new IPEndPoint(any, 0);
            while (true)
            {
                SocketReceiveFromResult received;
                try
                {
                    received = await socket.ReceiveFromAsync(buffer.AsMemory(0, UdpReceiveBytes), SocketFlags.None, from, linked.Token).ConfigureAwait(false);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.MessageSize)
                {
                    Count(AnswerVerdict.Malformed);
                    continue;
                }

                if (!server.Equals(received.RemoteEndPoint))
                {
                    Count(AnswerVerdict.Mismatched);
                    continue;
                }

                var verdict = AnswerCheck.Check(buffer.AsSpan(0, received.ReceivedBytes), id, question, out var message);
                if (verdict == AnswerVerdict.Accept)
                {
                    return new TryResult(message, null);
                }

                Count(verdict);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref timeouts);
            return TryResult.Fail($"no answer from {server} within {options.Timeout.TotalMilliseconds} ms");
        }
        catch (OperationCanceledException)
        {
            return TryResult.Fail("cancelled");
        }
        catch (SocketException e)
        {
            Interlocked.Increment(ref networkErrors);
            return TryResult.Fail($"{server}: {Describe(e)}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string Describe(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused (nothing listens on that port)",
        SocketError.ConnectionReset => "connection reset",
        SocketError.NetworkUnreachable or SocketError.HostUnreachable => "unreachable",
        SocketError.TooManyOpenSockets => "out of file descriptors",
        _ => e.SocketErrorCode.ToString(),
    };
}

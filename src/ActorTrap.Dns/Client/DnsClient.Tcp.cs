using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace ActorTrap.Dns.Client;

public sealed partial class DnsClient
{
    /// <summary>One query over TCP (RFC 1035 4.2.2, RFC 7766): two-byte length prefix each way; the whole exchange within one timeout.</summary>
    private async Task<TryResult> TcpTryAsync(IPEndPoint server, DnsQuestion question, Memory<byte> query, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref tries);
        var id = NewId(query.Span);
        using var timeout = new CancellationTokenSource(options.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var frame = new byte[query.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)query.Length);
        query.CopyTo(frame.AsMemory(2));
        byte[]? buffer = null;
        try
        {
            using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(server, linked.Token).ConfigureAwait(false);
            await socket.SendAsync(frame, SocketFlags.None, linked.Token).ConfigureAwait(false);
            var prefix = new byte[2];
            if (!await DnsTcpFraming.ReadExactlyAsync(socket, prefix, linked.Token).ConfigureAwait(false))
            {
                Interlocked.Increment(ref networkErrors);
                return TryResult.Fail($"{server} closed the TCP connection without an answer");
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(prefix);
            buffer = ArrayPool<byte>.Shared.Rent(Math.Max((int)length, 1));
            if (!await DnsTcpFraming.ReadExactlyAsync(socket, buffer.AsMemory(0, length), linked.Token).ConfigureAwait(false))
            {
                Interlocked.Increment(ref networkErrors);
                return TryResult.Fail($"{server} closed the TCP connection in the middle of an answer");
            }

            var verdict = AnswerCheck.Check(buffer.AsSpan(0, length), id, question, out var message);
            if (verdict == AnswerVerdict.Accept)
            {
                return new TryResult(message, null);
            }

            // One connection carries one answer here, so a wrong one ends the try rather than being waited past.
            Count(verdict);
            return TryResult.Fail($"{server} sent a {(verdict == AnswerVerdict.Malformed ? "malformed" : "non-matching")} answer over TCP");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref timeouts);
            return TryResult.Fail($"no TCP answer from {server} within {options.Timeout.TotalMilliseconds} ms");
        }
        catch (OperationCanceledException)
        {
            return TryResult.Fail("cancelled");
        }
        catch (SocketException e)
        {
            Interlocked.Increment(ref networkErrors);
            return TryResult.Fail($"{server} over TCP: {Describe(e)}");
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}

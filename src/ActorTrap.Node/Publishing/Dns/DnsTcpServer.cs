using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using ActorTrap.Dns;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Publishing.Dns;

/// <summary>
/// The TCP side (RFC 7766): two-byte length-prefixed messages, several queries per connection answered in order,
/// no size limit on answers, an idle timeout on the injected clock and a cap on open connections. TCP proves the
/// source address, so it is not rate limited.
/// </summary>
internal sealed class DnsTcpServer : IAsyncDisposable
{
    /// <summary>A DNSBL query is under 300 bytes; a longer message is not one and ends the connection.</summary>
    private const int MaxQueryBytes = 4096;

    private readonly Socket listener;
    private readonly DnsblAnswerer answerer;
    private readonly DnsResponderStats stats;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly TimeSpan idleTimeout;
    private readonly SharedCounter open;
    private readonly int maxConnections;
    private readonly CancellationTokenSource stop = new();
    private readonly Task acceptLoop;

    public DnsTcpServer(Socket listener, DnsblAnswerer answerer, DnsResponderStats stats, ILogger logger, TimeProvider time,
        TimeSpan idleTimeout, SharedCounter open, int maxConnections)
    {
        this.listener = listener;
        this.answerer = answerer;
        this.stats = stats;
        this.logger = logger;
        this.time = time;
        this.idleTimeout = idleTimeout;
        this.open = open;
        this.maxConnections = maxConnections;
        EndPoint = (IPEndPoint)listener.LocalEndPoint!;
        acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public IPEndPoint EndPoint { get; }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        listener.Dispose();
        await acceptLoop.ConfigureAwait(false);
        stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // a client that reset before we accepted it
            }

            if (open.Increment() > maxConnections)
            {
                open.Decrement();
                stats.CountTcpRefused();
                client.Dispose();
                continue;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        var buffer = new byte[2 + MaxQueryBytes];
        var response = new byte[2 + DnsblAnswerer.ResponseBufferBytes];
        try
        {
            client.NoDelay = true;
            while (!stop.IsCancellationRequested)
            {
                using var idle = new CancellationTokenSource(idleTimeout, time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(idle.Token, stop.Token);
                if (!await DnsTcpFraming.ReadExactlyAsync(client, buffer.AsMemory(0, 2), linked.Token).ConfigureAwait(false))
                {
                    return;
                }

                var length = BinaryPrimitives.ReadUInt16BigEndian(buffer);
                if (length > MaxQueryBytes || !await DnsTcpFraming.ReadExactlyAsync(client, buffer.AsMemory(2, length), linked.Token).ConfigureAwait(false))
                {
                    return;
                }

                var answered = answerer.Answer(buffer.AsSpan(2, length), response.AsSpan(2), udp: false, slip: false, out var outcome);
                stats.CountTcp(outcome);
                if (answered < 0)
                {
                    return;
                }

                BinaryPrimitives.WriteUInt16BigEndian(response, (ushort)answered);
                await client.SendAsync(response.AsMemory(0, answered + 2), SocketFlags.None, linked.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Idle timeout, shutdown, or the client went away.
        }
#pragma warning disable CA1031 // a connection's failure must not reach the accept loop
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.DnsResponderLoopError(logger, "tcp", EndPoint.ToString(), e.Message);
        }
        finally
        {
            open.Decrement();
            client.Dispose();
        }
    }
}

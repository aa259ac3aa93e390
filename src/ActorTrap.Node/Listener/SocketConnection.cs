using System.Buffers;
using System.Net;
using System.Net.Sockets;
using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;

namespace ActorTrap.Node.Listener;

/// <summary>
/// A client socket bridged to its session actor. Waiting for data costs no buffer: a zero-byte receive waits for
/// readability and only then is a pooled buffer rented for the non-blocking read, so 18,000 silent held clients hold
/// no receive buffers. Closing gives the connection's slot back to <paramref name="gate"/> exactly once (and its
/// per-IP count when <paramref name="countedClient"/>), with no callback object per connection: a held client costs
/// this object and the runtime's socket, nothing more.
/// </summary>
internal sealed class SocketConnection(Socket socket, ConnectionGate gate, bool countedClient) : IClientConnection
{
    // One read takes what is there up to this; SMTP command lines are at most 512 bytes and a session needs a few.
    private const int ReadSize = 2048;

    private IActorRef session = ActorRefs.Nobody;
    private int closed;

    public IPEndPoint Remote { get; } = (IPEndPoint)socket.RemoteEndPoint!;

    public IPEndPoint Local { get; } = (IPEndPoint)socket.LocalEndPoint!;

    public void Start(IActorRef session) => this.session = session;

    public void ResumeReading() => _ = ReadOnceAsync();

    public byte[]? Poll(out string? gone)
    {
        gone = null;
        if (Volatile.Read(ref closed) != 0)
        {
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(ReadSize);
        try
        {
            var n = socket.Receive(buffer, 0, ReadSize, SocketFlags.None, out var error);
            switch (error)
            {
                case SocketError.WouldBlock:
                    return null;
                case SocketError.Success when n > 0:
                    return buffer.AsSpan(0, n).ToArray();
                case SocketError.Success:
                    gone = "closed by the client";
                    return null;
                default:
                    gone = $"connection error: {error}";
                    return null;
            }
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public int Peek(Span<byte> into)
    {
        if (Volatile.Read(ref closed) != 0)
        {
            return 0;
        }

        try
        {
            var n = socket.Receive(into, SocketFlags.Peek, out var error);
            return error == SocketError.Success ? n : 0;
        }
        catch (ObjectDisposedException)
        {
            return 0;
        }
    }

    public void LimitReceiveBuffer(int bytes)
    {
        try
        {
            socket.ReceiveBufferSize = bytes;
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
            // Closed meanwhile: nothing to limit.
        }
    }

    public bool HasLeft()
    {
        if (Volatile.Read(ref closed) != 0)
        {
            return true;
        }

        try
        {
            return PeerHangup.Seen(socket);
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
            return true;
        }
    }

    public SendResult Send(ReadOnlySpan<byte> data)
    {
        if (Volatile.Read(ref closed) != 0)
        {
            return SendResult.Closed;
        }

        try
        {
            var sent = socket.Send(data, SocketFlags.None, out var error);
            return error switch
            {
                SocketError.Success when sent == data.Length => SendResult.Sent,
                SocketError.Success or SocketError.WouldBlock => SendResult.WouldBlock,
                _ => SendResult.Closed,
            };
        }
        catch (ObjectDisposedException)
        {
            return SendResult.Closed;
        }
    }

    public void Close()
    {
        if (Interlocked.Exchange(ref closed, 1) != 0)
        {
            return;
        }

        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        socket.Dispose();
        if (countedClient)
        {
            gate.RemoveClient(Remote.Address);
        }

        gate.Close();
    }

    private async Task ReadOnceAsync()
    {
        string? gone;
        try
        {
            // Zero-byte receive: completes when data (or EOF) is there, without pinning a buffer meanwhile.
            await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None).ConfigureAwait(false);
            var buffer = ArrayPool<byte>.Shared.Rent(ReadSize);
            try
            {
                var n = socket.Receive(buffer, 0, ReadSize, SocketFlags.None, out var error);
                if (error == SocketError.WouldBlock)
                {
                    ResumeReading(); // woken without data (rare): wait again
                    return;
                }

                if (error == SocketError.Success && n > 0)
                {
                    session.Tell(new ClientData(buffer.AsSpan(0, n).ToArray()));
                    return;
                }

                gone = error == SocketError.Success ? "closed by the client" : $"connection error: {error}";
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        catch (SocketException e)
        {
            gone = $"connection error: {e.SocketErrorCode}";
        }
        catch (ObjectDisposedException)
        {
            return; // we closed it
        }

        if (Volatile.Read(ref closed) == 0)
        {
            session.Tell(new ClientGone(gone));
        }
    }
}

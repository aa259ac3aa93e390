using System.Net.Sockets;

namespace ActorTrap.Dns;

/// <summary>Reading DNS over TCP (RFC 1035 4.2.2: a two-byte length, then the message), for the client and the responder.</summary>
public static class DnsTcpFraming
{
    /// <summary>Fills <paramref name="into"/> from the socket; false when the peer closed before it was full.</summary>
    public static async Task<bool> ReadExactlyAsync(Socket socket, Memory<byte> into, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var read = 0;
        while (read < into.Length)
        {
            var n = await socket.ReceiveAsync(into[read..], SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }
}

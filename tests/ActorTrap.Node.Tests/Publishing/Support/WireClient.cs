using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using ActorTrap.Dns;

namespace ActorTrap.Node.Tests.Publishing.Support;

/// <summary>Sends queries over real sockets; every wait is bounded.</summary>
internal static class WireClient
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    public static async Task<DnsMessage> UdpAsync(IPEndPoint server, byte[] query)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await socket.SendToAsync(query, SocketFlags.None, server);
        var buffer = new byte[65535];
        using var cts = new CancellationTokenSource(Patience);
        var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(server.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0), cts.Token);
        return DnsQueries.Parse(buffer.AsSpan(0, received.ReceivedBytes));
    }

    public static async Task<Socket> ConnectAsync(IPEndPoint server)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var cts = new CancellationTokenSource(Patience);
        await socket.ConnectAsync(server, cts.Token);
        return socket;
    }

    public static async Task SendTcpAsync(Socket socket, byte[] query)
    {
        var framed = new byte[query.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)query.Length);
        query.CopyTo(framed, 2);
        await socket.SendAsync(framed, SocketFlags.None);
    }

    /// <summary>Reads one length-prefixed response, or null when the server closed the connection.</summary>
    public static async Task<DnsMessage?> ReceiveTcpAsync(Socket socket)
    {
        using var cts = new CancellationTokenSource(Patience);
        var header = new byte[2];
        if (!await ReadAsync(socket, header, cts.Token))
        {
            return null;
        }

        var body = new byte[BinaryPrimitives.ReadUInt16BigEndian(header)];
        return await ReadAsync(socket, body, cts.Token) ? DnsQueries.Parse(body) : null;
    }

    public static async Task<DnsMessage?> TcpAsync(IPEndPoint server, byte[] query)
    {
        using var socket = await ConnectAsync(server);
        await SendTcpAsync(socket, query);
        return await ReceiveTcpAsync(socket);
    }

    private static async Task<bool> ReadAsync(Socket socket, byte[] into, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < into.Length)
        {
            var n = await socket.ReceiveAsync(into.AsMemory(read), SocketFlags.None, cancellationToken);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }
}

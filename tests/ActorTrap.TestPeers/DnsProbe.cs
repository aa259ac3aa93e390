using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorTrap.TestPeers;

/// <summary>
/// Readiness check: sends one plain UDP query and reports whether any reply with its id came back. Kept free of
/// ActorTrap's own DNS code so a fixture never depends on the code under test.
/// </summary>
internal static class DnsProbe
{
    public static async Task<bool> AnswersAsync(IPEndPoint server, string name, TimeSpan wait)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        var id = (ushort)Random.Shared.Next(1, ushort.MaxValue);
        await socket.SendToAsync(Query(id, name), server).ConfigureAwait(false);
        var buffer = new byte[1500];
        using var cts = new CancellationTokenSource(wait);
        try
        {
            while (true)
            {
                var received = await socket.ReceiveFromAsync(buffer, new IPEndPoint(server.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0), cts.Token)
                    .ConfigureAwait(false);
                if (received.ReceivedBytes >= 12 && BinaryPrimitives.ReadUInt16BigEndian(buffer) == id)
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (SocketException)
        {
            // ICMP port unreachable: nothing listens yet.
            return false;
        }
    }

    private static byte[] Query(ushort id, string name)
    {
        var bytes = new List<byte>(64);
        bytes.AddRange([(byte)(id >> 8), (byte)id, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]);
        foreach (var label in name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var ascii = Encoding.ASCII.GetBytes(label);
            bytes.Add((byte)ascii.Length);
            bytes.AddRange(ascii);
        }

        bytes.AddRange([0, 0, 1, 0, 1]); // root, type A, class IN
        return [.. bytes];
    }
}

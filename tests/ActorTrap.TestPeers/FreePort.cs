using System.Net;
using System.Net.Sockets;

namespace ActorTrap.TestPeers;

/// <summary>
/// Finds loopback ports for peers that cannot be told to bind port 0 (rbldnsd, unbound). Other test runs share
/// the machine, so a port found here can still be taken before the peer binds it: the fixtures retry on a new
/// port when their peer fails to start.
/// </summary>
public static class FreePort
{
    /// <summary>A port free for both UDP and TCP on <paramref name="address"/> (default 127.0.0.1) at the time of the call.</summary>
    public static int UdpAndTcp(IPAddress? address = null)
    {
        address ??= IPAddress.Loopback;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var udp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(address, 0));
            var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            using var tcp = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                tcp.Bind(new IPEndPoint(address, port));
                return port;
            }
            catch (SocketException)
            {
                // The TCP side of this port is in use; the UDP one was free. Try another.
            }
        }

        throw new InvalidOperationException($"no port free for both UDP and TCP on {address} after 100 attempts");
    }
}

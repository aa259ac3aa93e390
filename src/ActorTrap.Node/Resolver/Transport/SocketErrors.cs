using System.Net.Sockets;

namespace ActorTrap.Node.Resolver.Transport;

/// <summary>Socket errors in words an operator reads in <c>/api/dns/stats</c> and a zone's last failure.</summary>
internal static class SocketErrors
{
    public static string Describe(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused (nothing listens on that port)",
        SocketError.ConnectionReset => "connection reset",
        SocketError.NetworkUnreachable or SocketError.HostUnreachable => "unreachable",
        SocketError.TooManyOpenSockets => "out of file descriptors",
        _ => e.SocketErrorCode.ToString(),
    };
}

using System.Net;

namespace ActorTrap.Smtp.Proxy;

/// <summary>A parsed PROXY header.</summary>
/// <param name="Version">1 (text) or 2 (binary).</param>
/// <param name="Source">The original client; null when the header carries no IP addresses (LOCAL, UNKNOWN, UNSPEC, UNIX).</param>
/// <param name="Destination">The address the client connected to at the proxy; null like <paramref name="Source"/>.</param>
/// <param name="Length">Bytes the header took on the wire.</param>
public sealed record ProxyHeader(int Version, ProxyCommand Command, ProxyAddressFamily Family, IPEndPoint? Source, IPEndPoint? Destination, int Length)
{
    /// <summary>True when the session should take <see cref="Source"/> as the client instead of the socket's peer.</summary>
    public bool HasAddresses => Command == ProxyCommand.Proxy && Source is not null;
}

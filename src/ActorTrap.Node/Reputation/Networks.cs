using System.Net;
using System.Net.Sockets;

namespace ActorTrap.Node.Reputation;

/// <summary>Networks in the 128-bit IPv6-mapped space the stores and the blacklist use.</summary>
internal static class Networks
{
    /// <summary>IPv4-mapped IPv6 networks (prefix ≥ 96) become plain IPv4 ones; host bits are cleared.</summary>
    public static IPNetwork Normalise(IPNetwork network)
    {
        var address = network.BaseAddress;
        if (address.IsIPv4MappedToIPv6 && network.PrefixLength >= 96)
        {
            return new IPNetwork(IpKey.From(address).Mask(network.PrefixLength).ToAddress(), network.PrefixLength - 96);
        }

        return new IPNetwork(IpKey.From(address).Mask(MappedPrefix(network)).ToAddress(), network.PrefixLength);
    }

    /// <summary>The prefix length in the 128-bit mapped space (an IPv4 /24 is a /120 there).</summary>
    public static int MappedPrefix(IPNetwork network) =>
        network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? network.PrefixLength + 96 : network.PrefixLength;

    /// <summary>The first and last key inside <paramref name="network"/>, for range scans over 16-byte addresses.</summary>
    public static (IpKey First, IpKey Last) Range(IPNetwork network)
    {
        var prefix = MappedPrefix(network);
        var first = IpKey.From(network.BaseAddress).Mask(prefix);
        var hostHigh = prefix >= 64 ? 0 : ulong.MaxValue >> prefix;
        var hostLow = prefix >= 128 ? 0 : prefix <= 64 ? ulong.MaxValue : ulong.MaxValue >> (prefix - 64);
        return (first, new IpKey(first.High | hostHigh, first.Low | hostLow));
    }

    public static IPNetwork Single(IPAddress address)
    {
        var a = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return new IPNetwork(a, a.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
    }

    public static IPAddress NormaliseAddress(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    public static bool Contains(IReadOnlyList<IPNetwork> networks, IPAddress address)
    {
        var normal = NormaliseAddress(address);
        foreach (var network in networks)
        {
            if (network.Contains(normal))
            {
                return true;
            }
        }

        return false;
    }
}

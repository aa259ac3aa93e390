using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorTrap.Dns.Dnsbl;

/// <summary>The name to ask a DNSBL about a client (RFC 5782 2.1 and 2.4).</summary>
public static class DnsblQueryName
{
    /// <summary>
    /// IPv4: octets reversed (<c>2.0.0.127.zone</c>); IPv6: 32 nibbles reversed. An IPv4-mapped IPv6 address
    /// (<c>::ffff:a.b.c.d</c>, how dual-stack sockets report IPv4 clients) is asked as the IPv4 address it is.
    /// </summary>
    public static string For(IPAddress client, string zone)
    {
        ArgumentNullException.ThrowIfNull(client);
        var address = Normalize(client);
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var length);
        var name = new StringBuilder(72 + zone.Length);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            for (var i = 3; i >= 0; i--)
            {
                name.Append(bytes[i]).Append('.');
            }
        }
        else
        {
            for (var i = length - 1; i >= 0; i--)
            {
                name.Append("0123456789abcdef"[bytes[i] & 0xF]).Append('.').Append("0123456789abcdef"[bytes[i] >> 4]).Append('.');
            }
        }

        return name.Append(zone.TrimEnd('.')).ToString();
    }

    /// <summary>IPv4-mapped IPv6 becomes IPv4; everything else is returned unchanged.</summary>
    public static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}

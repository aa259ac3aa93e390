using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorTrap.Node.Publishing;

/// <summary>
/// The one notation every feed writes addresses in (HTTP plain/CSV/JSON, the rbldnsd export, the UDP feed, DNS TXT,
/// and the admin API): IPv4 dotted, IPv6 in RFC 5952's canonical text (section 4: lower-case hex without leading
/// zeros, the longest run of two or more zero groups as <c>::</c>, the first if tied). IPv6 never embeds a dotted
/// quad: .NET writes <c>::1.2.3.4</c> for IPv4-compatible addresses and <c>::ffff:1.2.3.4</c> for mapped ones, which
/// rbldnsd refuses ("invalid address"), and one feed must not spell an address another cannot read.
/// </summary>
internal static class AddressText
{
    public static string Format(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        Span<int> groups = stackalloc int[8];
        for (var i = 0; i < 8; i++)
        {
            groups[i] = (bytes[2 * i] << 8) | bytes[(2 * i) + 1];
        }

        var (bestStart, bestLength) = (-1, 0);
        for (var i = 0; i < 8;)
        {
            if (groups[i] != 0)
            {
                i++;
                continue;
            }

            var start = i;
            while (i < 8 && groups[i] == 0)
            {
                i++;
            }

            if (i - start > bestLength)
            {
                (bestStart, bestLength) = (start, i - start);
            }
        }

        if (bestLength < 2)
        {
            bestStart = -1;
        }

        var text = new StringBuilder(39);
        for (var i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                text.Append("::");
                i += bestLength - 1;
                continue;
            }

            if (i > 0 && i != bestStart + bestLength)
            {
                text.Append(':');
            }

            text.Append(groups[i].ToString("x", System.Globalization.CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary><c>192.0.2.9</c> for one address (a /32 or /128), <c>2001:db8::/48</c> for a network.</summary>
    public static string Format(IPAddress address, int prefixLength) =>
        prefixLength == (address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128) ? Format(address) : $"{Format(address)}/{prefixLength}";
}

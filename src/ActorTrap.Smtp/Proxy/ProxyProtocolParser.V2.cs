using System.Buffers.Binary;
using System.Net;

namespace ActorTrap.Smtp.Proxy;

public static partial class ProxyProtocolParser
{
    private const int InetAddressBytes = 12;   // 2 x 4-byte address + 2 x 2-byte port
    private const int Inet6AddressBytes = 36;  // 2 x 16-byte address + 2 x 2-byte port
    private const int UnixAddressBytes = 216;  // 2 x 108-byte path

    // Signature (12), ver_cmd (1), fam (1), len (2, network order), then len bytes: addresses, then TLVs (skipped).
    private static ProxyParseResult ParseV2(ReadOnlySpan<byte> data, int maxV2Length)
    {
        var versionCommand = data[12];
        if (versionCommand >> 4 != 2)
        {
            return ProxyParseResult.Invalid(ProxyParseError.V2BadVersion);
        }

        var command = (versionCommand & 0x0F) switch
        {
            0 => ProxyCommand.Local,
            1 => ProxyCommand.Proxy,
            _ => (ProxyCommand?)null,
        };
        if (command is null)
        {
            return ProxyParseResult.Invalid(ProxyParseError.V2BadCommand);
        }

        var familyTransport = data[13];
        if (familyTransport >> 4 > 3 || (familyTransport & 0x0F) > 2)
        {
            return ProxyParseResult.Invalid(ProxyParseError.V2BadFamily);
        }

        var family = (ProxyAddressFamily)(familyTransport >> 4);
        var length = BinaryPrimitives.ReadUInt16BigEndian(data[14..]);
        if (length > maxV2Length)
        {
            return ProxyParseResult.Invalid(ProxyParseError.V2TooLong);
        }

        var needed = family switch
        {
            ProxyAddressFamily.Inet => InetAddressBytes,
            ProxyAddressFamily.Inet6 => Inet6AddressBytes,
            ProxyAddressFamily.Unix => UnixAddressBytes,
            _ => 0,
        };

        // A LOCAL header's address block is meaningless (spec 2.2), so only PROXY is held to its family's size.
        if (command == ProxyCommand.Proxy && length < needed)
        {
            return ProxyParseResult.Invalid(ProxyParseError.V2AddressTooShort);
        }

        var total = V2FixedBytes + length;
        if (data.Length < total)
        {
            return ProxyParseResult.NeedMoreData;
        }

        var block = data[V2FixedBytes..total];
        if (command == ProxyCommand.Local || family is ProxyAddressFamily.Unspecified or ProxyAddressFamily.Unix)
        {
            return ProxyParseResult.Parsed(new ProxyHeader(2, command.Value, family, null, null, total));
        }

        var size = family == ProxyAddressFamily.Inet ? 4 : 16;
        var source = new IPEndPoint(new IPAddress(block[..size]), BinaryPrimitives.ReadUInt16BigEndian(block[(2 * size)..]));
        var destination = new IPEndPoint(new IPAddress(block[size..(2 * size)]), BinaryPrimitives.ReadUInt16BigEndian(block[(2 * size + 2)..]));
        return ProxyParseResult.Parsed(new ProxyHeader(2, command.Value, family, source, destination, total));
    }
}

using System.Net;

namespace ActorTrap.Smtp.Tests.Proxy;

/// <summary>Builds v2 headers byte by byte as proxy-protocol.txt section 2.2 lays them out.</summary>
internal static class ProxyV2Builder
{
    public static readonly byte[] Signature = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    /// <param name="versionCommand">0x21 = version 2, PROXY; 0x20 = version 2, LOCAL.</param>
    /// <param name="family">0x11 TCP over IPv4, 0x21 TCP over IPv6, 0x12 UDP over IPv4, 0x00 UNSPEC, 0x31 UNIX stream.</param>
    public static byte[] Header(byte versionCommand, byte family, byte[] addressBlock, byte[]? tlvs = null, int? lengthOverride = null)
    {
        tlvs ??= [];
        var length = lengthOverride ?? addressBlock.Length + tlvs.Length;
        var bytes = new List<byte>(Signature) { versionCommand, family, (byte)(length >> 8), (byte)length };
        bytes.AddRange(addressBlock);
        bytes.AddRange(tlvs);
        return [.. bytes];
    }

    public static byte[] Inet(string source, ushort sourcePort, string destination, ushort destinationPort) =>
    [
        .. IPAddress.Parse(source).GetAddressBytes(),
        .. IPAddress.Parse(destination).GetAddressBytes(),
        (byte)(sourcePort >> 8), (byte)sourcePort,
        (byte)(destinationPort >> 8), (byte)destinationPort,
    ];

    /// <summary>A TLV: type, 16-bit length, value (section 2.2.1).</summary>
    public static byte[] Tlv(byte type, byte[] value) => [type, (byte)(value.Length >> 8), (byte)value.Length, .. value];
}

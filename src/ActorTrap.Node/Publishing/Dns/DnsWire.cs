using System.Buffers.Binary;

namespace ActorTrap.Node.Publishing.Dns;

/// <summary>Header offsets and bits of RFC 1035 4.1.1, and names in wire form.</summary>
internal static class DnsWire
{
    public const int HeaderLength = 12;
    public const ushort QrBit = 0x8000;
    public const ushort AaBit = 0x0400;
    public const ushort TcBit = 0x0200;
    public const ushort RdBit = 0x0100;
    public const ushort TypeA = 1;
    public const ushort TypeNs = 2;
    public const ushort TypeSoa = 6;
    public const ushort TypeTxt = 16;
    public const ushort TypeOpt = 41;
    public const ushort TypeAny = 255;
    public const ushort ClassIn = 1;

    /// <summary>A domain name in wire form, lower case: length-prefixed labels and the terminating zero.</summary>
    public static byte[] Encode(string name)
    {
        var labels = name.Length == 0 ? [] : name.TrimEnd('.').Split('.');
        var wire = new byte[labels.Sum(l => l.Length + 1) + 1];
        var p = 0;
        foreach (var label in labels)
        {
            wire[p++] = (byte)label.Length;
            foreach (var c in label)
            {
                wire[p++] = (byte)char.ToLowerInvariant(c);
            }
        }

        return wire;
    }

    public static void WriteU16(Span<byte> buffer, int at, int value) => BinaryPrimitives.WriteUInt16BigEndian(buffer[at..], (ushort)value);

    public static ushort ReadU16(ReadOnlySpan<byte> buffer, int at) => BinaryPrimitives.ReadUInt16BigEndian(buffer[at..]);

    public static byte Lower(byte b) => b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;
}

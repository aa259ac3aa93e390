using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace ActorTrap.Node.Publishing.Dns;

/// <summary>Reading the question and writing records, bounds-checked against the packet.</summary>
internal sealed partial class DnsblAnswerer
{
    /// <summary>
    /// Reads the question name starting right after the header, recording where each label starts. A compression
    /// pointer is a format error here: nothing precedes the question for it to point at.
    /// </summary>
    private static bool TryReadQuestion(ReadOnlySpan<byte> query, Span<int> labels, out int count, out int nameEnd)
    {
        count = 0;
        var p = DnsWire.HeaderLength;
        while (true)
        {
            if (p >= query.Length)
            {
                nameEnd = 0;
                return false;
            }

            var length = query[p];
            if (length == 0)
            {
                break;
            }

            // > 63 covers pointers (0xC0) and the reserved label types 0x40 and 0x80.
            if (length > 63 || count == labels.Length)
            {
                nameEnd = 0;
                return false;
            }

            labels[count++] = p;
            p += 1 + length;
            if (p - DnsWire.HeaderLength + 1 > 255)
            {
                nameEnd = 0;
                return false; // RFC 1035 2.3.4: 255 bytes at most, terminator included
            }
        }

        nameEnd = p + 1;
        return nameEnd + 4 <= query.Length;
    }

    /// <summary>The one additional record of a query must be an OPT with the root as owner (RFC 6891 6.1.1).</summary>
    private static bool TryReadOpt(ReadOnlySpan<byte> query, int at, out Edns edns)
    {
        edns = default;
        if (at + 11 > query.Length || query[at] != 0 || DnsWire.ReadU16(query, at + 1) != DnsWire.TypeOpt)
        {
            return false;
        }

        var dataLength = DnsWire.ReadU16(query, at + 9);
        if (at + 11 + dataLength > query.Length)
        {
            return false;
        }

        edns = new Edns(true, DnsWire.ReadU16(query, at + 3), query[at + 6], 0);
        return true;
    }

    /// <summary>How many labels precede our zone in the name, or -1 when the name is not in the zone.</summary>
    private int ZoneLabelIndex(ReadOnlySpan<byte> query, ReadOnlySpan<int> labels, int zoneAt)
    {
        if (zoneAt < DnsWire.HeaderLength)
        {
            return -1;
        }

        var index = zoneAt == DnsWire.HeaderLength ? 0 : labels.IndexOf(zoneAt);
        if (index < 0)
        {
            return -1; // the zone's bytes would start inside a label
        }

        for (var i = 0; i < zoneWire.Length; i++)
        {
            if (DnsWire.Lower(query[zoneAt + i]) != zoneWire[i])
            {
                return -1;
            }
        }

        return index;
    }

    /// <summary>
    /// The address a name asks about (RFC 5782 2.1, 2.4): four decimal labels, last octet first, or 32 hex nibbles,
    /// lowest first. Anything else (fewer labels, four digits, letters) is a name we hold nothing for.
    /// </summary>
    private static bool TryAddress(ReadOnlySpan<byte> query, ReadOnlySpan<int> labels, int nameEnd, out IPAddress address)
    {
        address = IPAddress.None;
        if (labels.Length == 4)
        {
            Span<byte> v4 = stackalloc byte[4];
            for (var i = 0; i < 4; i++)
            {
                var label = query.Slice(labels[i] + 1, query[labels[i]]);
                // Up to three digits, leading zeros allowed ("009" is 9): what rbldnsd accepts, so both answer alike.
                if (label.Length is 0 or > 3)
                {
                    return false;
                }

                var value = 0;
                foreach (var digit in label)
                {
                    if (digit is < (byte)'0' or > (byte)'9')
                    {
                        return false;
                    }

                    value = (value * 10) + (digit - '0');
                }

                if (value > 255)
                {
                    return false;
                }

                v4[3 - i] = (byte)value;
            }

            address = new IPAddress(v4);
            return true;
        }

        if (labels.Length == 32)
        {
            Span<byte> v6 = stackalloc byte[16];
            for (var i = 0; i < 32; i++)
            {
                if (query[labels[i]] != 1)
                {
                    return false;
                }

                var nibble = HexValue(query[labels[i] + 1]);
                if (nibble < 0)
                {
                    return false;
                }

                var b = 15 - (i / 2);
                v6[b] |= (byte)(i % 2 == 0 ? nibble : nibble << 4);
            }

            address = new IPAddress(v6);
            return true;
        }

        return false;
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>Owner (pointer to the question name), type, class IN, TTL; returns where RDLENGTH goes.</summary>
    private static int RecordHeader(Span<byte> r, int w, int ownerOffset, ushort type, uint ttlSeconds)
    {
        DnsWire.WriteU16(r, w, 0xC000 | ownerOffset);
        DnsWire.WriteU16(r, w + 2, type);
        DnsWire.WriteU16(r, w + 4, DnsWire.ClassIn);
        BinaryPrimitives.WriteUInt32BigEndian(r[(w + 6)..], ttlSeconds);
        return w + 10;
    }

    private int WriteA(Span<byte> r, int w, byte[] code)
    {
        var lengthAt = RecordHeader(r, w, DnsWire.HeaderLength, DnsWire.TypeA, ttl);
        DnsWire.WriteU16(r, lengthAt, 4);
        code.CopyTo(r[(lengthAt + 2)..]);
        return lengthAt + 6;
    }

    private int WriteTxt(Span<byte> r, int w, string text)
    {
        var lengthAt = RecordHeader(r, w, DnsWire.HeaderLength, DnsWire.TypeTxt, ttl);
        var written = Encoding.ASCII.GetBytes(text, r[(lengthAt + 3)..]);
        r[lengthAt + 2] = (byte)written;
        DnsWire.WriteU16(r, lengthAt, written + 1);
        return lengthAt + 3 + written;
    }

    private int WriteSoa(Span<byte> r, int w, int zoneAt, uint ttlSeconds)
    {
        var lengthAt = RecordHeader(r, w, zoneAt, DnsWire.TypeSoa, ttlSeconds);
        var p = nameservers[0].Write(r, lengthAt + 2, zoneAt);
        p = hostmaster.Write(r, p, zoneAt);
        foreach (var value in (ReadOnlySpan<uint>)[Serial, SoaRefresh, SoaRetry, SoaExpire, minimum])
        {
            BinaryPrimitives.WriteUInt32BigEndian(r[p..], value);
            p += 4;
        }

        DnsWire.WriteU16(r, lengthAt, p - lengthAt - 2);
        return p;
    }

    private int WriteNs(Span<byte> r, int w, int zoneAt, ZoneName ns)
    {
        var lengthAt = RecordHeader(r, w, zoneAt, DnsWire.TypeNs, ttl);
        var p = ns.Write(r, lengthAt + 2, zoneAt);
        DnsWire.WriteU16(r, lengthAt, p - lengthAt - 2);
        return p;
    }
}

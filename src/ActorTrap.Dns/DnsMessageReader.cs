using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text;

namespace ActorTrap.Dns;

/// <summary>
/// Parses DNS messages from the network. Every malformation (truncation, lying counts, pointer tricks, oversize
/// names) becomes a <see cref="DnsParseError"/>; nothing here throws on input, loops or allocates beyond the packet.
/// </summary>
public static partial class DnsMessageReader
{
    private const int HeaderLength = 12;
    private const int MaxNameWireLength = 255;

    // A real name has at most 127 labels; more pointer hops than that can only be a loop or an attack.
    private const int MaxPointerHops = 127;

    public static bool TryParse(ReadOnlySpan<byte> packet, [NotNullWhen(true)] out DnsMessage? message, out DnsParseError error)
    {
        message = null;
        if (packet.Length < HeaderLength)
        {
            error = DnsParseError.BadHeader;
            return false;
        }

        var id = BinaryPrimitives.ReadUInt16BigEndian(packet);
        var bits = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if (((bits >> 11) & 0xF) != 0)
        {
            error = DnsParseError.BadHeader; // only QUERY is spoken here
            return false;
        }

        var counts = (Qd: Count(packet, 4), An: Count(packet, 6), Ns: Count(packet, 8), Ar: Count(packet, 10));

        // Each question needs at least 5 bytes and each record 11: reject lying counts before allocating lists.
        var remaining = packet.Length - HeaderLength;
        if ((long)counts.Qd * 5 + ((long)counts.An + counts.Ns + counts.Ar) * 11 > remaining)
        {
            error = DnsParseError.BadCounts;
            return false;
        }

        var position = HeaderLength;
        var names = default(NameCache);
        var questions = new DnsQuestion[counts.Qd];
        for (var i = 0; i < counts.Qd; i++)
        {
            if (!TryReadName(packet, ref position, ref names, out var name, out error))
            {
                return false;
            }

            if (position + 4 > packet.Length)
            {
                error = DnsParseError.Truncated;
                return false;
            }

            questions[i] = new DnsQuestion(name, (DnsType)BinaryPrimitives.ReadUInt16BigEndian(packet[position..]));
            position += 4;
        }

        ushort? edns = null;
        if (!TryReadSection(packet, ref position, counts.An, ref names, out var answers, ref edns, out error)
            || !TryReadSection(packet, ref position, counts.Ns, ref names, out var authorities, ref edns, out error)
            || !TryReadSection(packet, ref position, counts.Ar, ref names, out var additionals, ref edns, out error))
        {
            return false;
        }

        var flags = DnsHeaderFlags.None;
        flags |= (bits & 0x8000) != 0 ? DnsHeaderFlags.Response : 0;
        flags |= (bits & 0x0400) != 0 ? DnsHeaderFlags.Authoritative : 0;
        flags |= (bits & 0x0200) != 0 ? DnsHeaderFlags.Truncated : 0;
        flags |= (bits & 0x0100) != 0 ? DnsHeaderFlags.RecursionDesired : 0;
        flags |= (bits & 0x0080) != 0 ? DnsHeaderFlags.RecursionAvailable : 0;
        message = new DnsMessage(id, flags, (DnsRcode)(bits & 0xF), questions, answers, authorities, additionals, edns);
        error = DnsParseError.None;
        return true;
    }

    private static ushort Count(ReadOnlySpan<byte> packet, int offset) => BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]);

    private static bool TryReadSection(ReadOnlySpan<byte> packet, ref int position, int count, ref NameCache names,
        out IReadOnlyList<DnsRecord> records, ref ushort? edns, out DnsParseError error)
    {
        // Exact-size arrays, allocated at the first real record: most sections of a DNSBL answer are empty or hold
        // only the OPT record, which is not listed.
        DnsRecord[]? into = null;
        var filled = 0;
        records = [];
        for (var i = 0; i < count; i++)
        {
            if (!TryReadName(packet, ref position, ref names, out var name, out error))
            {
                return false;
            }

            if (position + 10 > packet.Length)
            {
                error = DnsParseError.Truncated;
                return false;
            }

            var type = (DnsType)BinaryPrimitives.ReadUInt16BigEndian(packet[position..]);
            var @class = BinaryPrimitives.ReadUInt16BigEndian(packet[(position + 2)..]);
            var ttl = BinaryPrimitives.ReadUInt32BigEndian(packet[(position + 4)..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(packet[(position + 8)..]);
            position += 10;
            if (position + length > packet.Length)
            {
                error = DnsParseError.Truncated;
                return false;
            }

            if (type == DnsType.OPT)
            {
                edns = @class; // the OPT record's class field carries the sender's UDP payload size (RFC 6891 6.1.2)
                position += length;
                continue;
            }

            if (!TryReadData(packet, position, length, type, ref names, out var data, out error))
            {
                return false;
            }

            position += length;
            into ??= new DnsRecord[count - i];
            into[filled++] = new DnsRecord(name, type, ttl > int.MaxValue ? 0 : ttl, data);
        }

        if (into is not null)
        {
            records = filled == into.Length ? into : into[..filled]; // an OPT record came after the first real one
        }

        error = DnsParseError.None;
        return true;
    }

    private static bool TryReadData(ReadOnlySpan<byte> packet, int start, int length, DnsType type, ref NameCache names,
        [NotNullWhen(true)] out DnsRecordData? data, out DnsParseError error)
    {
        data = null;
        var end = start + length;
        var p = start;
        string a, b;
        switch (type)
        {
            case DnsType.A or DnsType.AAAA:
                if (length != (type == DnsType.A ? 4 : 16))
                {
                    error = DnsParseError.BadRecordLength;
                    return false;
                }

                var address = new IPAddress(packet.Slice(start, length));
                data = type == DnsType.A ? new ARecord(address) : new AaaaRecord(address);
                p = end;
                break;
            case DnsType.PTR or DnsType.NS or DnsType.CNAME:
                if (!TryReadName(packet, ref p, ref names, out a, out error))
                {
                    return false;
                }

                data = type switch { DnsType.PTR => new PtrRecord(a), DnsType.NS => new NsRecord(a), _ => new CnameRecord(a) };
                break;
            case DnsType.MX:
                if (length < 3)
                {
                    error = DnsParseError.BadRecordLength;
                    return false;
                }

                p += 2;
                if (!TryReadName(packet, ref p, ref names, out a, out error))
                {
                    return false;
                }

                data = new MxRecord(BinaryPrimitives.ReadUInt16BigEndian(packet[start..]), a);
                break;
            case DnsType.SOA:
                if (!TryReadName(packet, ref p, ref names, out a, out error) || !TryReadName(packet, ref p, ref names, out b, out error))
                {
                    return false;
                }

                if (p + 20 != end)
                {
                    error = DnsParseError.BadRecordLength;
                    return false;
                }

                var s = packet[p..];
                data = new SoaRecord(a, b, BinaryPrimitives.ReadUInt32BigEndian(s), BinaryPrimitives.ReadUInt32BigEndian(s[4..]),
                    BinaryPrimitives.ReadUInt32BigEndian(s[8..]), BinaryPrimitives.ReadUInt32BigEndian(s[12..]), BinaryPrimitives.ReadUInt32BigEndian(s[16..]));
                p = end;
                break;
            case DnsType.TXT:
                var strings = new List<string>();
                while (p < end)
                {
                    var n = packet[p];
                    if (p + 1 + n > end)
                    {
                        error = DnsParseError.BadRecordLength;
                        return false;
                    }

                    strings.Add(Encoding.Latin1.GetString(packet.Slice(p + 1, n)));
                    p += 1 + n;
                }

                data = new TxtRecord(strings);
                break;
            default:
                data = new RawRecord(packet.Slice(start, length).ToArray());
                p = end;
                break;
        }

        // A name inside RDATA must end exactly where RDLENGTH says, or the record and the packet disagree.
        if (p != end)
        {
            data = null;
            error = DnsParseError.BadRecordLength;
            return false;
        }

        error = DnsParseError.None;
        return true;
    }
}

using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace ActorTrap.Dns;

/// <summary>
/// Writes DNS messages into a caller's buffer. Names are compressed against every name already written
/// (RFC 1035 4.1.4), which keeps DNSBL answers small; a message that does not fit yields -1, never an exception.
/// </summary>
public static class DnsMessageWriter
{
    // Label sequences remembered as compression targets; a message with more names just compresses less.
    private const int MaxCompressionTargets = 64;

    /// <summary>Writes a recursive query (RD set) for one question, with an EDNS0 OPT record advertising <paramref name="ednsUdpSize"/> (0 for none).</summary>
    /// <returns>Bytes written, or -1 when <paramref name="destination"/> is too small or the name is invalid.</returns>
    public static int WriteQuery(Span<byte> destination, ushort id, DnsQuestion question, ushort ednsUdpSize = 1232) =>
        Write(new DnsMessage(id, DnsHeaderFlags.RecursionDesired, DnsRcode.NoError, [question], [], [], [], ednsUdpSize == 0 ? null : ednsUdpSize), destination);

    /// <returns>Bytes written, or -1 when the message does not fit or holds an invalid name or value.</returns>
    public static int Write(DnsMessage message, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(message);
        Span<ushort> written = stackalloc ushort[MaxCompressionTargets];
        var w = new Writer(destination, written);
        var bits = (ushort)((int)message.Rcode & 0xF);
        bits |= (ushort)(message.Flags.HasFlag(DnsHeaderFlags.Response) ? 0x8000 : 0);
        bits |= (ushort)(message.Flags.HasFlag(DnsHeaderFlags.Authoritative) ? 0x0400 : 0);
        bits |= (ushort)(message.Flags.HasFlag(DnsHeaderFlags.Truncated) ? 0x0200 : 0);
        bits |= (ushort)(message.Flags.HasFlag(DnsHeaderFlags.RecursionDesired) ? 0x0100 : 0);
        bits |= (ushort)(message.Flags.HasFlag(DnsHeaderFlags.RecursionAvailable) ? 0x0080 : 0);
        var additionalCount = message.Additionals.Count + (message.EdnsUdpSize is null ? 0 : 1);
        if (message.Questions.Count > ushort.MaxValue || message.Answers.Count > ushort.MaxValue
            || message.Authorities.Count > ushort.MaxValue || additionalCount > ushort.MaxValue)
        {
            return -1;
        }

        var ok = w.U16(message.Id) && w.U16(bits) && w.U16((ushort)message.Questions.Count) && w.U16((ushort)message.Answers.Count)
            && w.U16((ushort)message.Authorities.Count) && w.U16((ushort)additionalCount);
        foreach (var q in message.Questions)
        {
            ok = ok && w.Name(q.Name) && w.U16((ushort)q.Type) && w.U16(1);
        }

        foreach (var r in message.Answers.Concat(message.Authorities).Concat(message.Additionals))
        {
            ok = ok && Record(ref w, r);
        }

        if (message.EdnsUdpSize is { } size)
        {
            // Root name, type OPT, class = UDP payload size, extended rcode/version/flags 0, no options (RFC 6891 6.1.2).
            ok = ok && w.U8(0) && w.U16((ushort)DnsType.OPT) && w.U16(size) && w.U32(0) && w.U16(0);
        }

        return ok ? w.Position : -1;
    }

    private static bool Record(ref Writer w, DnsRecord r)
    {
        if (!(w.Name(r.Name) && w.U16((ushort)r.Type) && w.U16(1) && w.U32(r.Ttl) && w.U16(0)))
        {
            return false;
        }

        var lengthAt = w.Position - 2;
        var ok = r.Data switch
        {
            ARecord a => a.Address.AddressFamily == AddressFamily.InterNetwork && w.Address(a.Address),
            AaaaRecord a => a.Address.AddressFamily == AddressFamily.InterNetworkV6 && w.Address(a.Address),
            PtrRecord p => w.Name(p.Target),
            NsRecord n => w.Name(n.Host),
            CnameRecord c => w.Name(c.Target),
            MxRecord m => w.U16(m.Preference) && w.Name(m.Exchange),
            SoaRecord s => w.Name(s.MName) && w.Name(s.RName) && w.U32(s.Serial) && w.U32(s.Refresh) && w.U32(s.Retry) && w.U32(s.Expire) && w.U32(s.Minimum),
            TxtRecord t => Txt(ref w, t),
            RawRecord raw => w.Bytes(raw.Data.Span),
            _ => false,
        };
        var length = w.Position - lengthAt - 2;
        return ok && length <= ushort.MaxValue && w.Patch(lengthAt, (ushort)length);
    }

    private static bool Txt(ref Writer w, TxtRecord txt)
    {
        foreach (var s in txt.Strings)
        {
            if (!w.CharacterString(s))
            {
                return false;
            }
        }

        return true;
    }

    private ref struct Writer(Span<byte> buffer, Span<ushort> targets)
    {
        private readonly Span<byte> buffer = buffer;
        private readonly Span<ushort> targets = targets;
        private int targetCount;

        public int Position { get; private set; }

        public bool U8(byte value)
        {
            if (Position + 1 > buffer.Length)
            {
                return false;
            }

            buffer[Position++] = value;
            return true;
        }

        public bool U16(ushort value)
        {
            if (Position + 2 > buffer.Length)
            {
                return false;
            }

            BinaryPrimitives.WriteUInt16BigEndian(buffer[Position..], value);
            Position += 2;
            return true;
        }

        public bool U32(uint value)
        {
            if (Position + 4 > buffer.Length)
            {
                return false;
            }

            BinaryPrimitives.WriteUInt32BigEndian(buffer[Position..], value);
            Position += 4;
            return true;
        }

        public bool Patch(int at, ushort value)
        {
            BinaryPrimitives.WriteUInt16BigEndian(buffer[at..], value);
            return true;
        }

        public bool Bytes(scoped ReadOnlySpan<byte> bytes)
        {
            if (Position + bytes.Length > buffer.Length)
            {
                return false;
            }

            bytes.CopyTo(buffer[Position..]);
            Position += bytes.Length;
            return true;
        }

        public bool Address(System.Net.IPAddress address) =>
            address.TryWriteBytes(buffer[Position..], out var written) && (Position += written) > 0;

        public bool CharacterString(string text)
        {
            if (text.Length > 255 || Position + 1 + text.Length > buffer.Length || !U8((byte)text.Length))
            {
                return false;
            }

            foreach (var c in text)
            {
                if (c > 0xFF)
                {
                    return false;
                }

                buffer[Position++] = (byte)c;
            }

            return true;
        }

        /// <summary>Writes a name in presentation form, replacing its longest already-written suffix by a pointer.</summary>
        public bool Name(string name)
        {
            Span<byte> wire = stackalloc byte[DnsLabels.MaxWireLength];
            if (!DnsLabels.TryEncode(name, wire, out var length))
            {
                return false;
            }

            for (var at = 0; wire[at] != 0; at += 1 + wire[at])
            {
                if (Find(wire[at..length]) is { } target)
                {
                    return Labels(wire[..at]) && U16((ushort)(0xC000 | target));
                }
            }

            return Labels(wire[..length]);
        }

        // Writes labels in place, remembering where each starts as a target for later names (pointers reach 14 bits).
        private bool Labels(scoped ReadOnlySpan<byte> labels)
        {
            var start = Position;
            if (!Bytes(labels))
            {
                return false;
            }

            for (var at = 0; at < labels.Length && labels[at] != 0; at += 1 + labels[at])
            {
                if (start + at < 0x4000 && targetCount < targets.Length)
                {
                    targets[targetCount++] = (ushort)(start + at);
                }
            }

            return true;
        }

        // Byte-exact, so a name keeps its case (a responder echoes the question's case).
        private readonly int? Find(scoped ReadOnlySpan<byte> suffix)
        {
            for (var i = 0; i < targetCount; i++)
            {
                if (SameName(targets[i], suffix))
                {
                    return targets[i];
                }
            }

            return null;
        }

        private readonly bool SameName(int at, scoped ReadOnlySpan<byte> suffix)
        {
            var s = 0;
            while (true)
            {
                var b = buffer[at];
                if ((b & 0xC0) == 0xC0)
                {
                    at = ((b & 0x3F) << 8) | buffer[at + 1]; // our own pointers: always backwards, always valid
                    continue;
                }

                if (b != suffix[s] || !buffer.Slice(at + 1, b).SequenceEqual(suffix.Slice(s + 1, b)))
                {
                    return false;
                }

                if (b == 0)
                {
                    return true;
                }

                at += 1 + b;
                s += 1 + b;
            }
        }
    }
}

using System.Text;

namespace ActorTrap.Dns;

public static partial class DnsMessageReader
{
    /// <summary>Reads a possibly compressed name at <paramref name="position"/>, advancing past its in-place bytes.</summary>
    private static bool TryReadName(ReadOnlySpan<byte> packet, ref int position, ref NameCache names, out string name, out DnsParseError error)
    {
        // Fast path: a name that is only a pointer to a name already read (every answer of a DNSBL reply points at
        // its question) reuses that string. The rule below holds for it too: the pointer goes strictly backwards.
        if (position + 1 < packet.Length && (packet[position] & 0xC0) == 0xC0)
        {
            var target = ((packet[position] & 0x3F) << 8) | packet[position + 1];
            // Same limits as the full walk: one more pointer than the cached name followed.
            if (target < position && names.Find(target) is { } known && known.Hops < MaxPointerHops)
            {
                position += 2;
                name = known.Name;
                error = DnsParseError.None;
                return true;
            }
        }

        var start = position;
        Span<byte> text = stackalloc byte[MaxNameWireLength]; // the labels joined by dots: at most 254 bytes
        var length = 0;
        var wireLength = 1;
        var escapes = false;
        var p = position;
        var hops = 0;
        var lowestJump = position; // every pointer must go strictly below all bytes of the name read so far
        var resume = -1;
        name = string.Empty;
        while (true)
        {
            if (p >= packet.Length)
            {
                error = DnsParseError.Truncated;
                return false;
            }

            var b = packet[p];
            switch (b & 0xC0)
            {
                case 0xC0:
                    if (p + 1 >= packet.Length)
                    {
                        error = DnsParseError.Truncated;
                        return false;
                    }

                    var target = ((b & 0x3F) << 8) | packet[p + 1];
                    if (++hops > MaxPointerHops)
                    {
                        error = DnsParseError.PointerLoop;
                        return false;
                    }

                    if (target >= lowestJump)
                    {
                        error = target == p ? DnsParseError.PointerLoop : DnsParseError.BadPointer;
                        return false;
                    }

                    resume = resume < 0 ? p + 2 : resume;
                    lowestJump = target;
                    p = target;
                    continue;
                case 0x40 or 0x80:
                    error = DnsParseError.BadLabelType;
                    return false;
            }

            if (b == 0)
            {
                position = resume < 0 ? p + 1 : resume;
                name = length == 0 ? string.Empty : escapes ? Escaped(packet, start) : Encoding.ASCII.GetString(text[..length]);
                names.Add(start, name, hops);
                error = DnsParseError.None;
                return true;
            }

            if (p + 1 + b > packet.Length)
            {
                error = DnsParseError.Truncated;
                return false;
            }

            wireLength += 1 + b;
            if (wireLength > MaxNameWireLength)
            {
                error = DnsParseError.NameTooLong;
                return false;
            }

            if (length > 0)
            {
                text[length++] = (byte)'.';
            }

            var label = packet.Slice(p + 1, b);
            label.CopyTo(text[length..]);
            length += b;
            escapes = escapes || NeedsEscape(label);
            p += 1 + b;
        }
    }

    private static bool NeedsEscape(ReadOnlySpan<byte> label)
    {
        foreach (var c in label)
        {
            if (c is (byte)'.' or (byte)'\\' or < 0x21 or > 0x7E)
            {
                return true;
            }
        }

        return false;
    }

    // Presentation format as dig prints it: '.', '\' and non-printable bytes inside a label are escaped. Rare, so it
    // walks the name again (already validated above) rather than slowing the common case down with label boundaries.
    private static string Escaped(ReadOnlySpan<byte> packet, int p)
    {
        var o = new StringBuilder(MaxNameWireLength * 2);
        while (packet[p] != 0)
        {
            if ((packet[p] & 0xC0) == 0xC0)
            {
                p = ((packet[p] & 0x3F) << 8) | packet[p + 1];
                continue;
            }

            if (o.Length > 0)
            {
                o.Append('.');
            }

            foreach (var c in packet.Slice(p + 1, packet[p]))
            {
                if (c is (byte)'.' or (byte)'\\')
                {
                    o.Append('\\').Append((char)c);
                }
                else if (c is < 0x21 or > 0x7E)
                {
                    o.Append('\\').Append((char)('0' + (c / 100))).Append((char)('0' + (c / 10 % 10))).Append((char)('0' + (c % 10)));
                }
                else
                {
                    o.Append((char)c);
                }
            }

            p += 1 + packet[p];
        }

        return o.ToString();
    }
}

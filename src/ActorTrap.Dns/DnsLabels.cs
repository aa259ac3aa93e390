namespace ActorTrap.Dns;

/// <summary>Encodes a presentation-form name (<c>a.b\.c.example</c>, <c>\065</c> escapes) as wire labels, enforcing RFC 1035 lengths.</summary>
internal static class DnsLabels
{
    /// <summary>The longest name on the wire, terminating root label included (RFC 1035 2.3.4).</summary>
    public const int MaxWireLength = 255;

    /// <summary>Writes length-prefixed labels and the root label into <paramref name="wire"/> (at least <see cref="MaxWireLength"/> bytes).</summary>
    /// <returns>False for an empty or over-long label, a name over 255 bytes, a bad escape or a non-ASCII character (IDNs go in punycode).</returns>
    public static bool TryEncode(string name, Span<byte> wire, out int length)
    {
        length = 0;
        if (name.Length == 0 || name == ".")
        {
            wire[length++] = 0; // the root
            return true;
        }

        var labelStart = 0; // where the current label's length byte goes
        var position = 1;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '.')
            {
                if (!Close(wire, labelStart, position))
                {
                    return false;
                }

                labelStart = position++;
                continue;
            }

            int value = c;
            if (c == '\\' && i + 1 < name.Length)
            {
                if (i + 3 < name.Length && char.IsAsciiDigit(name[i + 1]) && char.IsAsciiDigit(name[i + 2]) && char.IsAsciiDigit(name[i + 3]))
                {
                    value = ((name[i + 1] - '0') * 100) + ((name[i + 2] - '0') * 10) + (name[i + 3] - '0');
                    if (value > 255)
                    {
                        return false;
                    }

                    i += 3;
                }
                else
                {
                    value = name[++i] & 0xFF;
                }
            }
            else if (c > 0x7F)
            {
                return false;
            }

            // One byte for this label byte and one for the root label still to come.
            if (position + 1 >= MaxWireLength)
            {
                return false;
            }

            wire[position++] = (byte)value;
        }

        // A trailing dot (absolute name) leaves an empty last label, which is the root: not an error.
        if (position > labelStart + 1)
        {
            if (!Close(wire, labelStart, position))
            {
                return false;
            }

            labelStart = position;
        }
        else
        {
            position = labelStart;
        }

        wire[position++] = 0;
        length = position;
        return position <= MaxWireLength;
    }

    private static bool Close(Span<byte> wire, int labelStart, int position)
    {
        var labelLength = position - labelStart - 1;
        if (labelLength is 0 or > 63 || position + 1 > MaxWireLength)
        {
            return false;
        }

        wire[labelStart] = (byte)labelLength;
        return true;
    }
}

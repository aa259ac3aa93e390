namespace ActorTrap.Node.Traps;

/// <summary>
/// RFC 4648 base32 in lower case without padding: 26 letters and the digits 2-7, so a token survives a sender that
/// lowercases (or uppercases) the local part, and five bits a character keep it short enough for RFC 5321's 64.
/// </summary>
internal static class Base32Lower
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static int EncodedLength(int bytes) => (bytes * 8 + 4) / 5;

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var text = new char[EncodedLength(data.Length)];
        int buffer = 0, bits = 0, o = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text[o++] = Alphabet[(buffer >> (bits - 5)) & 31];
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            text[o] = Alphabet[(buffer << (5 - bits)) & 31];
        }

        return new string(text);
    }

    /// <summary>Decodes either case; false for a character outside the alphabet or non-zero padding bits (one spelling per token).</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> output, out int written)
    {
        written = 0;
        int buffer = 0, bits = 0;
        foreach (var c in text)
        {
            var v = c switch
            {
                >= 'a' and <= 'z' => c - 'a',
                >= 'A' and <= 'Z' => c - 'A',
                >= '2' and <= '7' => c - '2' + 26,
                _ => -1,
            };
            if (v < 0)
            {
                return false;
            }

            buffer = ((buffer << 5) | v) & 0xFFFF;
            bits += 5;
            if (bits >= 8)
            {
                if (written == output.Length)
                {
                    return false;
                }

                output[written++] = (byte)(buffer >> (bits - 8));
                bits -= 8;
            }
        }

        return (buffer & ((1 << bits) - 1)) == 0;
    }
}

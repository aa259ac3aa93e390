using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorTrap.Smtp.Commands;

/// <summary>The RFC 5321 4.1.2/4.1.3 productions the parser and the HELO analysis share, over ASCII bytes.</summary>
internal static class SmtpSyntax
{
    /// <summary>RFC 5321 4.5.3.1.2.</summary>
    public const int MaxDomainBytes = 255;

    /// <summary>RFC 1035 2.3.4.</summary>
    public const int MaxLabelBytes = 63;

    // atext of RFC 5322 3.2.3 and '.': the characters of a dot-string local part.
    private static readonly SearchValues<byte> AtextAndDot = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-/=?^_`{|}~."u8);

    private static readonly SearchValues<byte> Ldh = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-"u8);

    private static readonly SearchValues<byte> Hex6 = SearchValues.Create("0123456789abcdefABCDEF:."u8);

    /// <summary>Dot-string: atext runs joined by dots (lenient about empty runs, as Postfix is).</summary>
    public static bool IsDotString(ReadOnlySpan<byte> s) => !s.IsEmpty && !s.ContainsAnyExcept(AtextAndDot);

    /// <summary>RFC 5321 Domain: labels of letters, digits and hyphens joined by dots; no empty label, no trailing dot.</summary>
    public static bool IsDomain(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty || s.Length > MaxDomainBytes)
        {
            return false;
        }

        foreach (var range in s.Split((byte)'.'))
        {
            var label = s[range];
            if (label.IsEmpty || label.Length > MaxLabelBytes || label.ContainsAnyExcept(Ldh))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// RFC 5321 4.1.3 address literal including its brackets: <c>[a.b.c.d]</c>, <c>[IPv6:...]</c> or a general
    /// literal <c>[tag:content]</c> (then <paramref name="address"/> is null).
    /// </summary>
    public static bool TryParseAddressLiteral(ReadOnlySpan<byte> s, out IPAddress? address)
    {
        address = null;
        if (s.Length < 3 || s[0] != '[' || s[^1] != ']')
        {
            return false;
        }

        var inner = s[1..^1];
        if (TryParseIPv4(inner, out address))
        {
            return true;
        }

        var colon = inner.IndexOf((byte)':');
        if (colon <= 0)
        {
            return false;
        }

        var tag = inner[..colon];
        var content = inner[(colon + 1)..];
        if (Ascii.EqualsIgnoreCase(tag, "IPv6"u8))
        {
            return TryParseIPv6(content, out address);
        }

        // General-address-literal: Standardized-tag ":" 1*dcontent (dcontent is %d33-90 / %d94-126).
        if (tag.ContainsAnyExcept(Ldh) || tag[^1] == '-' || content.IsEmpty)
        {
            return false;
        }

        foreach (var b in content)
        {
            if (b is < 33 or > 126 or (>= 91 and <= 93))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Strict dotted quad: four decimal octets 0-255, one to three digits each (no hex, octal or short forms).</summary>
    public static bool TryParseIPv4(ReadOnlySpan<byte> s, out IPAddress? address)
    {
        address = null;
        Span<byte> octets = stackalloc byte[4];
        var part = 0;
        var value = 0;
        var digits = 0;
        foreach (var b in s)
        {
            if (b == '.')
            {
                if (digits == 0 || part == 3)
                {
                    return false;
                }

                octets[part++] = (byte)value;
                value = 0;
                digits = 0;
            }
            else if (b is >= (byte)'0' and <= (byte)'9' && digits < 3)
            {
                value = value * 10 + (b - '0');
                digits++;
                if (value > 255)
                {
                    return false;
                }
            }
            else
            {
                return false;
            }
        }

        if (part != 3 || digits == 0)
        {
            return false;
        }

        octets[3] = (byte)value;
        address = new IPAddress(octets);
        return true;
    }

    /// <summary>IPv6 text (RFC 4291 2.2, including the embedded IPv4 form); no zone index, no brackets.</summary>
    public static bool TryParseIPv6(ReadOnlySpan<byte> s, out IPAddress? address)
    {
        address = null;
        if (s.Length is < 2 or > 45 || s.ContainsAnyExcept(Hex6) || s.IndexOf((byte)':') < 0)
        {
            return false;
        }

        Span<char> chars = stackalloc char[s.Length];
        for (var i = 0; i < s.Length; i++)
        {
            chars[i] = (char)s[i];
        }

        if (IPAddress.TryParse(chars, out var parsed) && parsed.AddressFamily == AddressFamily.InterNetworkV6)
        {
            address = parsed;
            return true;
        }

        return false;
    }

    /// <summary>The ASCII bytes as a string in lower case.</summary>
    public static string ToLowerString(ReadOnlySpan<byte> ascii)
    {
        // A command line is at most 512 bytes, so the copy fits on the stack.
        Span<char> chars = ascii.Length <= 512 ? stackalloc char[ascii.Length] : new char[ascii.Length];
        for (var i = 0; i < ascii.Length; i++)
        {
            var b = ascii[i];
            chars[i] = (char)(b is >= (byte)'A' and <= (byte)'Z' ? b | 0x20 : b);
        }

        return new string(chars);
    }

    public static string ToAsciiString(ReadOnlySpan<byte> ascii) => Encoding.ASCII.GetString(ascii);
}

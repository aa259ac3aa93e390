using System.Text;

namespace ActorTrap.Smtp.Replies;

/// <summary>
/// One SMTP reply (RFC 5321 4.2): a three-digit code, an optional enhanced status code (RFC 3463, repeated on
/// every line as RFC 2034 asks) and one or more lines of text, encoded once to its wire bytes at construction so
/// that sending it allocates nothing. Text is sanitised: any character outside printable ASCII (0x20-0x7E),
/// including CR and LF, becomes '?', and each line is cut to fit the 512-byte reply line limit (RFC 5321
/// 4.5.3.1.5), so a reply can never echo raw attacker bytes or split into extra lines.
/// </summary>
public sealed class SmtpReply
{
    /// <summary>Longest reply line including the code and CRLF (RFC 5321 4.5.3.1.5).</summary>
    public const int MaxLineBytes = 512;

    private readonly byte[] _bytes;
    private readonly int[] _lineStarts;

    /// <param name="code">200-599; the first digit must agree with the enhanced status class.</param>
    /// <param name="enhancedStatus">"class.subject.detail" (e.g. "4.7.1") or null (EHLO replies carry none).</param>
    /// <param name="lines">At least one line; an empty line renders as the bare code.</param>
    /// <exception cref="ArgumentException">A code or enhanced status that is not well formed: a programming error, never client input.</exception>
    public SmtpReply(int code, string? enhancedStatus, params string[] lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (code is < 200 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "SMTP reply codes are 200-599.");
        }

        if (lines.Length == 0)
        {
            throw new ArgumentException("A reply has at least one line.", nameof(lines));
        }

        if (enhancedStatus is not null && !IsEnhancedStatus(enhancedStatus, code / 100))
        {
            throw new ArgumentException($"'{enhancedStatus}' is not an enhanced status of class {code / 100}.", nameof(enhancedStatus));
        }

        Code = code;
        EnhancedStatus = enhancedStatus;
        var clean = new string[lines.Length];
        for (var i = 0; i < lines.Length; i++)
        {
            clean[i] = Sanitise(lines[i], MaxTextBytes(enhancedStatus));
        }

        Lines = clean;
        (_bytes, _lineStarts) = Encode(code, enhancedStatus, clean);
    }

    public int Code { get; }

    public string? EnhancedStatus { get; }

    /// <summary>The sanitised text of each line, without code or status.</summary>
    public IReadOnlyList<string> Lines { get; }

    public int LineCount => _lineStarts.Length;

    /// <summary>The whole reply on the wire: every line with its code, '-' or ' ', and CRLF.</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes;

    /// <summary>2xx and 3xx.</summary>
    public bool IsPositive => Code < 400;

    /// <summary>4xx: the client should try again later.</summary>
    public bool IsTransientFailure => Code is >= 400 and < 500;

    /// <summary>5xx: the client should not repeat the command as it was.</summary>
    public bool IsPermanentFailure => Code >= 500;

    /// <summary>
    /// The wire bytes of one line (with its CRLF), so a session can trickle a multi-line reply a line at a time;
    /// line <paramref name="index"/> ends in "ddd-" unless it is the last.
    /// </summary>
    public ReadOnlyMemory<byte> GetLineBytes(int index)
    {
        var start = _lineStarts[index];
        var end = index + 1 < _lineStarts.Length ? _lineStarts[index + 1] : _bytes.Length;
        return _bytes.AsMemory(start, end - start);
    }

    /// <summary>The reply as it goes on the wire, lines joined by CRLF, without the final CRLF.</summary>
    public override string ToString() => Encoding.ASCII.GetString(_bytes, 0, _bytes.Length - 2);

    private static int MaxTextBytes(string? enhancedStatus) =>
        MaxLineBytes - 4 - 2 - (enhancedStatus is null ? 0 : enhancedStatus.Length + 1);

    private static string Sanitise(string text, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        var length = Math.Min(text.Length, maxBytes);
        var clean = true;
        for (var i = 0; i < length; i++)
        {
            clean &= text[i] is >= ' ' and <= '~';
        }

        if (clean)
        {
            return length == text.Length ? text : text[..length];
        }

        return string.Create(length, text, static (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = source[i] is >= ' ' and <= '~' ? source[i] : '?';
            }
        });
    }

    private static (byte[] Bytes, int[] LineStarts) Encode(int code, string? status, string[] lines)
    {
        var total = 0;
        foreach (var line in lines)
        {
            total += LineLength(status, line);
        }

        var bytes = new byte[total];
        var starts = new int[lines.Length];
        var at = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            starts[i] = at;
            at += WriteLine(bytes.AsSpan(at), code, status, lines[i], i == lines.Length - 1);
        }

        return (bytes, starts);
    }

    private static int LineLength(string? status, string text)
    {
        var content = (status is null ? 0 : status.Length) + text.Length;
        var separator = status is not null && text.Length > 0 ? 1 : 0;
        return 4 + content + separator + 2;
    }

    // Text is already sanitised to printable ASCII, so one char is one byte.
    private static int WriteLine(Span<byte> into, int code, string? status, string text, bool last)
    {
        into[0] = (byte)('0' + code / 100);
        into[1] = (byte)('0' + code / 10 % 10);
        into[2] = (byte)('0' + code % 10);
        into[3] = last ? (byte)' ' : (byte)'-';
        var at = 4;
        if (status is not null)
        {
            at += Encoding.ASCII.GetBytes(status, into[at..]);
            if (text.Length > 0)
            {
                into[at++] = (byte)' ';
            }
        }

        at += Encoding.ASCII.GetBytes(text, into[at..]);
        into[at++] = (byte)'\r';
        into[at++] = (byte)'\n';
        return at;
    }

    // RFC 3463: class "." subject "." detail, subject and detail 1-3 digits without leading zeros.
    private static bool IsEnhancedStatus(string status, int replyClass)
    {
        var parts = status.Split('.');
        return parts.Length == 3
            && parts[0].Length == 1 && parts[0][0] - '0' == replyClass && replyClass is 2 or 4 or 5
            && IsNumber(parts[1]) && IsNumber(parts[2]);

        static bool IsNumber(string s) =>
            s.Length is >= 1 and <= 3 && s.All(char.IsAsciiDigit) && (s.Length == 1 || s[0] != '0');
    }
}

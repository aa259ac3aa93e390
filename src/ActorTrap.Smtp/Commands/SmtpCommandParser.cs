using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using ActorTrap.Smtp.Replies;

namespace ActorTrap.Smtp.Commands;

/// <summary>
/// Reads one command line (without its CRLF; see Framing.SmtpLineFramer) into an <see cref="SmtpCommand"/>.
/// Never throws on client input: a line that is not a valid command yields a command value with its
/// <see cref="SmtpCommand.Error"/> set and the 5xx reply to send. Verbs are case-insensitive; trailing blanks are
/// ignored; commands without arguments allocate nothing. Leniencies, as Postfix's defaults: spaces after
/// "FROM:"/"TO:", a path without angle brackets, extra words after the HELO name, arguments after QUIT.
/// </summary>
public static partial class SmtpCommandParser
{
    // Any control byte but HT, DEL, or an 8-bit byte: never part of a command when SMTPUTF8 is not offered.
    private static readonly SearchValues<byte> InvalidBytes = SearchValues.Create(BuildInvalidBytes());

    /// <param name="line">One line without its line ending.</param>
    /// <param name="command">The command; for a line that is not a valid command, one with <see cref="SmtpCommand.Error"/> set.</param>
    /// <param name="error">The reply to send when the result is false (500, 501 or 502 family); null when true.</param>
    /// <returns>True for a valid command.</returns>
    public static bool TryParse(ReadOnlySpan<byte> line, out SmtpCommand command, [NotNullWhen(false)] out SmtpReply? error)
    {
        command = Parse(line, out error);
        return error is null;
    }

    private static SmtpCommand Parse(ReadOnlySpan<byte> line, out SmtpReply? error)
    {
        line = TrimEnd(line);
        if (line.IsEmpty)
        {
            error = SmtpReplies.CommandUnrecognized;
            return SmtpCommand.Unknown;
        }

        if (line[0] is < 0x20 or >= 0x7F)
        {
            error = SmtpReplies.CommandUnrecognized;
            return SmtpCommand.NonSmtp(line[0] == TlsHandshakeRecord ? NonSmtpKind.TlsHandshake : NonSmtpKind.Binary);
        }

        var blank = line.IndexOfAny((byte)' ', (byte)'\t');
        var token = blank < 0 ? line : line[..blank];
        var rest = blank < 0 ? ReadOnlySpan<byte>.Empty : TrimStart(line[(blank + 1)..]);
        var verb = LookupVerb(token);
        if (verb == SmtpVerb.Unknown)
        {
            error = SmtpReplies.CommandUnrecognized;
            var kind = ClassifyNonSmtp(token);
            return kind == NonSmtpKind.None ? SmtpCommand.Unknown : SmtpCommand.NonSmtp(kind);
        }

        if (verb == SmtpVerb.Quit)
        {
            // A client that says QUIT means it, whatever follows: the QUIT-seen evidence must not hinge on syntax.
            error = null;
            return SmtpCommand.Of(SmtpVerb.Quit);
        }

        if (line.ContainsAny(InvalidBytes))
        {
            error = SmtpReplies.InvalidCharacters;
            return SmtpCommand.Invalid(verb, SmtpCommandError.InvalidCharacters);
        }

        return verb switch
        {
            SmtpVerb.Helo => ParseHelo(verb, rest, SmtpReplies.HeloSyntax, out error),
            SmtpVerb.Ehlo => ParseHelo(verb, rest, SmtpReplies.EhloSyntax, out error),
            SmtpVerb.Mail => ParseMail(rest, out error),
            SmtpVerb.Rcpt => ParseRcpt(rest, out error),
            SmtpVerb.Data or SmtpVerb.Rset or SmtpVerb.StartTls => NoArguments(verb, rest, out error),
            SmtpVerb.Noop or SmtpVerb.Help => Valid(verb, out error),
            SmtpVerb.Vrfy or SmtpVerb.Expn or SmtpVerb.Auth => RequireArgument(verb, rest, out error),
            SmtpVerb.Bdat => ParseBdat(rest, out error),
            _ => Valid(verb, out error),
        };
    }

    private static SmtpCommand ParseHelo(SmtpVerb verb, ReadOnlySpan<byte> rest, SmtpReply syntax, out SmtpReply? error)
    {
        var end = rest.IndexOfAny((byte)' ', (byte)'\t');
        var name = end < 0 ? rest : rest[..end];
        if (name.IsEmpty || name.Length > SmtpSyntax.MaxDomainBytes)
        {
            error = syntax;
            return SmtpCommand.Invalid(verb, SmtpCommandError.Syntax);
        }

        error = null;
        return new SmtpCommand(verb, domain: SmtpSyntax.ToAsciiString(name));
    }

    private static SmtpCommand NoArguments(SmtpVerb verb, ReadOnlySpan<byte> rest, out SmtpReply? error)
    {
        if (!rest.IsEmpty)
        {
            error = SmtpReplies.NoArgumentsAllowed;
            return SmtpCommand.Invalid(verb, SmtpCommandError.Syntax);
        }

        return Valid(verb, out error);
    }

    private static SmtpCommand RequireArgument(SmtpVerb verb, ReadOnlySpan<byte> rest, out SmtpReply? error)
    {
        if (rest.IsEmpty)
        {
            error = SmtpReplies.ArgumentRequired;
            return SmtpCommand.Invalid(verb, SmtpCommandError.Syntax);
        }

        return Valid(verb, out error);
    }

    // RFC 3030: "BDAT" SP chunk-size [SP end-marker]; chunk-size is 1*DIGIT, end-marker "LAST".
    private static SmtpCommand ParseBdat(ReadOnlySpan<byte> rest, out SmtpReply? error)
    {
        var digits = rest.IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        var size = digits < 0 ? rest : rest[..digits];
        var tail = digits < 0 ? ReadOnlySpan<byte>.Empty : rest[digits..];
        if (size.IsEmpty || size.Length > 20 || !(tail.IsEmpty || IsLastMarker(tail)))
        {
            error = SmtpReplies.BadParameters;
            return SmtpCommand.Invalid(SmtpVerb.Bdat, SmtpCommandError.Syntax);
        }

        return Valid(SmtpVerb.Bdat, out error);

        static bool IsLastMarker(ReadOnlySpan<byte> tail) =>
            tail[0] is (byte)' ' or (byte)'\t' && Ascii.EqualsIgnoreCase(TrimStart(tail), "LAST"u8);
    }

    private static SmtpCommand Valid(SmtpVerb verb, out SmtpReply? error)
    {
        error = null;
        return SmtpCommand.Of(verb);
    }

    private static ReadOnlySpan<byte> TrimEnd(ReadOnlySpan<byte> s)
    {
        var end = s.Length;
        while (end > 0 && s[end - 1] is (byte)' ' or (byte)'\t')
        {
            end--;
        }

        return s[..end];
    }

    private static ReadOnlySpan<byte> TrimStart(ReadOnlySpan<byte> s)
    {
        var start = 0;
        while (start < s.Length && s[start] is (byte)' ' or (byte)'\t')
        {
            start++;
        }

        return s[start..];
    }

    private static byte[] BuildInvalidBytes()
    {
        var bytes = new List<byte>();
        for (var b = 0; b < 256; b++)
        {
            if ((b < 0x20 && b != '\t') || b >= 0x7F)
            {
                bytes.Add((byte)b);
            }
        }

        return [.. bytes];
    }
}

using System.Text;
using ActorTrap.Smtp.Replies;

namespace ActorTrap.Smtp.Commands;

public static partial class SmtpCommandParser
{
    /// <summary>RFC 5321 4.5.3.1.3: a path is at most 256 bytes including the angle brackets.</summary>
    public const int MaxPathBytes = 256;

    // "MAIL FROM:" Reverse-path [SP Mail-parameters]
    private static SmtpCommand ParseMail(ReadOnlySpan<byte> rest, out SmtpReply? error)
    {
        if (!StartsWithIgnoreCase(rest, "FROM:"u8))
        {
            error = SmtpReplies.MailSyntax;
            return SmtpCommand.Invalid(SmtpVerb.Mail, SmtpCommandError.Syntax);
        }

        return ParsePathCommand(SmtpVerb.Mail, TrimStart(rest[5..]), SmtpReplies.BadSenderAddress, out error);
    }

    // "RCPT TO:" ( "<Postmaster@" Domain ">" / "<Postmaster>" / Forward-path ) [SP Rcpt-parameters]
    private static SmtpCommand ParseRcpt(ReadOnlySpan<byte> rest, out SmtpReply? error)
    {
        if (!StartsWithIgnoreCase(rest, "TO:"u8))
        {
            error = SmtpReplies.RcptSyntax;
            return SmtpCommand.Invalid(SmtpVerb.Rcpt, SmtpCommandError.Syntax);
        }

        return ParsePathCommand(SmtpVerb.Rcpt, TrimStart(rest[3..]), SmtpReplies.BadRecipientAddress, out error);
    }

    private static SmtpCommand ParsePathCommand(SmtpVerb verb, ReadOnlySpan<byte> text, SmtpReply badAddress, out SmtpReply? error)
    {
        if (!TryParsePath(verb, text, out var path, out var consumed))
        {
            error = badAddress;
            return SmtpCommand.Invalid(verb, SmtpCommandError.Syntax);
        }

        var tail = text[consumed..];
        string? parameters = null;
        if (!tail.IsEmpty)
        {
            if (tail[0] is not ((byte)' ' or (byte)'\t') || !IsParameterList(TrimStart(tail)))
            {
                error = SmtpReplies.BadParameters;
                return SmtpCommand.Invalid(verb, SmtpCommandError.Syntax);
            }

            parameters = SmtpSyntax.ToAsciiString(TrimStart(tail));
        }

        error = null;
        return new SmtpCommand(verb, path: path, parameters: parameters);
    }

    private static bool TryParsePath(SmtpVerb verb, ReadOnlySpan<byte> text, out SmtpPath? path, out int consumed)
    {
        path = null;
        consumed = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        ReadOnlySpan<byte> inner;
        bool bracketed = text[0] == '<';
        if (bracketed)
        {
            var close = ClosingBracket(text);
            if (close < 0)
            {
                return false;
            }

            inner = text[1..close];
            consumed = close + 1;
        }
        else
        {
            var end = text.IndexOfAny((byte)' ', (byte)'\t');
            inner = end < 0 ? text : text[..end];
            consumed = inner.Length;
        }

        if (consumed > MaxPathBytes)
        {
            return false;
        }

        if (inner.IsEmpty)
        {
            // The null reverse-path; a forward-path may not be empty.
            path = bracketed && verb == SmtpVerb.Mail ? SmtpPath.Null : null;
            return path is not null;
        }

        return TrySkipSourceRoute(ref inner) && TryParseMailbox(verb, inner, bracketed, out path);
    }

    // The closing '>' of a path, skipping any inside a quoted local part; -1 when there is none.
    private static int ClosingBracket(ReadOnlySpan<byte> text)
    {
        var quoted = false;
        for (var i = 1; i < text.Length; i++)
        {
            var b = text[i];
            if (quoted && b == '\\')
            {
                i++;
            }
            else if (b == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && b == '>')
            {
                return i;
            }
        }

        return -1;
    }

    // RFC 5321 4.1.2 A-d-l ("@one.example,@two.example:"), which servers may ignore (4.1.1.3 and appendix C).
    private static bool TrySkipSourceRoute(ref ReadOnlySpan<byte> inner)
    {
        while (!inner.IsEmpty && inner[0] == '@')
        {
            var end = inner.IndexOfAny((byte)',', (byte)':');
            if (end < 0 || !IsDomainOrLiteral(inner[1..end]))
            {
                return false;
            }

            var separator = inner[end];
            inner = inner[(end + 1)..];
            if (separator == ':')
            {
                break;
            }
        }

        // A route must lead to a mailbox ("@a.example," or "@a.example:" alone is not a path).
        return !inner.IsEmpty;
    }

    // Mailbox = Local-part "@" ( Domain / address-literal ); a bare "postmaster" is a valid recipient (4.5.1).
    private static bool TryParseMailbox(SmtpVerb verb, ReadOnlySpan<byte> mailbox, bool bracketed, out SmtpPath? path)
    {
        path = null;
        int at;
        if (mailbox.IsEmpty)
        {
            return false;
        }

        if (mailbox[0] == '"')
        {
            var endQuote = EndOfQuotedString(mailbox);
            if (endQuote < 0)
            {
                return false;
            }

            at = endQuote + 1;
            if (at < mailbox.Length && mailbox[at] != '@')
            {
                return false;
            }
        }
        else
        {
            at = mailbox.IndexOf((byte)'@');
            var local = at < 0 ? mailbox : mailbox[..at];
            if (!SmtpSyntax.IsDotString(local))
            {
                return false;
            }
        }

        if (at >= mailbox.Length || at < 0)
        {
            if (verb == SmtpVerb.Rcpt && Ascii.EqualsIgnoreCase(mailbox, "postmaster"u8))
            {
                path = new SmtpPath(SmtpSyntax.ToAsciiString(mailbox), string.Empty, isAddressLiteral: false, bracketed);
                return true;
            }

            return false;
        }

        var domain = mailbox[(at + 1)..];
        var literal = !domain.IsEmpty && domain[0] == '[';
        if (!(literal ? SmtpSyntax.TryParseAddressLiteral(domain, out _) : SmtpSyntax.IsDomain(domain)))
        {
            return false;
        }

        path = new SmtpPath(SmtpSyntax.ToAsciiString(mailbox[..at]), SmtpSyntax.ToLowerString(domain), literal, bracketed);
        return true;
    }

    // Quoted-string = DQUOTE *QcontentSMTP DQUOTE, where QcontentSMTP is qtextSMTP or a backslash pair; the index
    // of the closing quote, or -1.
    private static int EndOfQuotedString(ReadOnlySpan<byte> s)
    {
        for (var i = 1; i < s.Length; i++)
        {
            switch (s[i])
            {
                case (byte)'\\':
                    i++;
                    break;
                case (byte)'"':
                    return i;
            }
        }

        return -1;
    }

    private static bool IsDomainOrLiteral(ReadOnlySpan<byte> s) =>
        !s.IsEmpty && (s[0] == '[' ? SmtpSyntax.TryParseAddressLiteral(s, out _) : SmtpSyntax.IsDomain(s));

    // esmtp-param *(SP esmtp-param); esmtp-param = esmtp-keyword ["=" esmtp-value] (RFC 5321 4.1.2).
    private static bool IsParameterList(ReadOnlySpan<byte> s)
    {
        foreach (var range in s.SplitAny((byte)' ', (byte)'\t'))
        {
            var parameter = s[range];
            if (parameter.IsEmpty)
            {
                continue;
            }

            var equals = parameter.IndexOf((byte)'=');
            var keyword = equals < 0 ? parameter : parameter[..equals];
            if (keyword.IsEmpty || !char.IsAsciiLetterOrDigit((char)keyword[0]))
            {
                return false;
            }

            foreach (var b in keyword)
            {
                if (!char.IsAsciiLetterOrDigit((char)b) && b != '-')
                {
                    return false;
                }
            }

            // esmtp-value = 1*(%d33-60 / %d62-126): printable, no '='. Control bytes were refused already.
            if (equals >= 0 && (equals == parameter.Length - 1 || parameter[(equals + 1)..].IndexOf((byte)'=') >= 0))
            {
                return false;
            }
        }

        return true;
    }

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> s, ReadOnlySpan<byte> prefix) =>
        s.Length >= prefix.Length && Ascii.EqualsIgnoreCase(s[..prefix.Length], prefix);
}

using System.Buffers.Binary;
using System.Text;

namespace ActorTrap.Smtp.Commands;

public static partial class SmtpCommandParser
{
    // TLS record content type 22 (handshake): the first byte of a ClientHello.
    private const byte TlsHandshakeRecord = 0x16;

    // Four-letter verbs compared as one big-endian word with the ASCII case bit cleared. Clearing 0x20 maps only
    // letters onto letters, so a match with an all-letter key is exact.
    private const uint CaseMask = 0xDFDFDFDF;

    private static readonly byte[][] HttpMethods =
        [.. new[] { "GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH", "PRI" }.Select(Encoding.ASCII.GetBytes)];

    private static readonly byte[][] MailboxLogins = [.. new[] { "USER", "PASS" }.Select(Encoding.ASCII.GetBytes)];

    private static SmtpVerb LookupVerb(ReadOnlySpan<byte> token)
    {
        switch (token.Length)
        {
            case 4:
                return (BinaryPrimitives.ReadUInt32BigEndian(token) & CaseMask) switch
                {
                    0x48454C4F => SmtpVerb.Helo, // HELO
                    0x45484C4F => SmtpVerb.Ehlo, // EHLO
                    0x4D41494C => SmtpVerb.Mail, // MAIL
                    0x52435054 => SmtpVerb.Rcpt, // RCPT
                    0x44415441 => SmtpVerb.Data, // DATA
                    0x52534554 => SmtpVerb.Rset, // RSET
                    0x4E4F4F50 => SmtpVerb.Noop, // NOOP
                    0x51554954 => SmtpVerb.Quit, // QUIT
                    0x56524659 => SmtpVerb.Vrfy, // VRFY
                    0x4558504E => SmtpVerb.Expn, // EXPN
                    0x48454C50 => SmtpVerb.Help, // HELP
                    0x41555448 => SmtpVerb.Auth, // AUTH
                    0x42444154 => SmtpVerb.Bdat, // BDAT
                    _ => SmtpVerb.Unknown,
                };
            case 8 when Ascii.EqualsIgnoreCase(token, "STARTTLS"u8):
                return SmtpVerb.StartTls;
            default:
                return SmtpVerb.Unknown;
        }
    }

    /// <summary>Postfix postscreen's forbidden commands (CONNECT, GET, POST, a header line) and their relatives.</summary>
    private static NonSmtpKind ClassifyNonSmtp(ReadOnlySpan<byte> token)
    {
        if (IsAny(token, HttpMethods))
        {
            return NonSmtpKind.HttpRequest;
        }

        if (Ascii.EqualsIgnoreCase(token, "CONNECT"u8))
        {
            return NonSmtpKind.HttpConnect;
        }

        if (Ascii.EqualsIgnoreCase(token, "PROXY"u8))
        {
            return NonSmtpKind.ProxyHeader;
        }

        if (IsAny(token, MailboxLogins))
        {
            return NonSmtpKind.MailboxLogin;
        }

        // RFC 5322 field-name ":" — a token with a colon after at least one character ("Host:", "User-Agent:x").
        return token.IndexOf((byte)':') > 0 ? NonSmtpKind.HeaderLine : NonSmtpKind.None;
    }

    private static bool IsAny(ReadOnlySpan<byte> token, byte[][] candidates)
    {
        foreach (var candidate in candidates)
        {
            if (Ascii.EqualsIgnoreCase(token, candidate))
            {
                return true;
            }
        }

        return false;
    }
}

using System.Net;
using System.Text;
using ActorTrap.Smtp.Commands;

namespace ActorTrap.Smtp.Analysis;

/// <summary>
/// Judges a HELO/EHLO name against the client's address, this server's identity and the recipients' domains.
/// Pure and allocation-light; call it when HELO arrives and again when recipients are known (the recipient-domain
/// check needs them), or once when the session ends.
/// </summary>
public static class HeloAnalyzer
{
    // Names every Linux distribution's /etc/hosts gives the loopback addresses.
    private static readonly HashSet<string> LocalhostNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "localhost", "localhost.localdomain", "localhost4", "localhost4.localdomain4",
        "localhost6", "localhost6.localdomain6", "ip6-localhost", "ip6-loopback",
    };

    /// <param name="helo">The name as the client sent it (SmtpCommand.Domain): printable ASCII.</param>
    /// <param name="client">The client's address (after a trusted PROXY header, the original client's).</param>
    /// <param name="recipientDomains">Domains of the recipients so far, lower case (SmtpDialogue.RecipientDomains).</param>
    public static HeloFindings Analyze(string helo, IPAddress client, ServerIdentity server, IReadOnlyList<string>? recipientDomains = null)
    {
        ArgumentNullException.ThrowIfNull(helo);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(server);
        if (helo.Length is 0 or > SmtpSyntax.MaxDomainBytes + 2)
        {
            return HeloFindings.NotFqdn;
        }

        Span<byte> bytes = stackalloc byte[helo.Length];
        if (Encoding.ASCII.GetBytes(helo, bytes) != helo.Length || bytes.ContainsAnyExceptInRange((byte)0x21, (byte)0x7E))
        {
            return HeloFindings.NotFqdn;
        }

        if (bytes[0] == '[')
        {
            return AnalyzeLiteral(bytes, client, server);
        }

        if (SmtpSyntax.TryParseIPv4(bytes, out var bare) || SmtpSyntax.TryParseIPv6(bytes, out bare))
        {
            return HeloFindings.BareIp | (server.IsOurAddress(bare!) ? HeloFindings.OurAddress : 0);
        }

        var name = helo.AsSpan().TrimEnd('.');
        var findings = HeloFindings.None;
        if (LocalhostNames.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name))
        {
            findings |= HeloFindings.Localhost;
        }
        else if (!IsFqdn(bytes[..name.Length]))
        {
            findings |= HeloFindings.NotFqdn;
        }

        if (server.IsOurName(name))
        {
            findings |= HeloFindings.OurName;
        }

        if (recipientDomains is not null)
        {
            foreach (var domain in recipientDomains)
            {
                if (name.Equals(domain.AsSpan().TrimEnd('.'), StringComparison.OrdinalIgnoreCase))
                {
                    findings |= HeloFindings.RecipientDomain;
                    break;
                }
            }
        }

        return findings;
    }

    /// <summary>IPv4-mapped IPv6 addresses compare as the IPv4 address they carry.</summary>
    internal static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static HeloFindings AnalyzeLiteral(ReadOnlySpan<byte> literal, IPAddress client, ServerIdentity server)
    {
        if (!SmtpSyntax.TryParseAddressLiteral(literal, out var address) || address is null)
        {
            return HeloFindings.LiteralMismatch;
        }

        var findings = Normalize(address).Equals(Normalize(client)) ? HeloFindings.None : HeloFindings.LiteralMismatch;
        return findings | (server.IsOurAddress(address) ? HeloFindings.OurAddress : 0);
    }

    // At least two labels of letters, digits and hyphens, and a top label that is not all digits (a partial IP).
    private static bool IsFqdn(ReadOnlySpan<byte> name)
    {
        var lastDot = name.LastIndexOf((byte)'.');
        return lastDot > 0
            && SmtpSyntax.IsDomain(name)
            && name[(lastDot + 1)..].ContainsAnyExceptInRange((byte)'0', (byte)'9');
    }
}

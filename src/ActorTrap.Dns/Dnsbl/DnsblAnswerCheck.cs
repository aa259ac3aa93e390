using System.Net;
using System.Net.Sockets;

namespace ActorTrap.Dns.Dnsbl;

/// <summary>
/// Separates real listings from answers that only look like them. Spamhaus answers 127.255.255.252/254/255 to
/// queries through public resolvers, typo'd zones or over the volume limit, and a zone that answers outside
/// 127.0.0.0/8 is wildcarding or hijacked (RFC 5782 2.1: listings are in 127/8). Reading either as "listed" has
/// blocked whole user bases (Haraka #3106), so both are errors that also fail the zone's self-test.
/// </summary>
public static class DnsblAnswerCheck
{
    /// <returns>Null when <paramref name="answer"/> is a plausible listing code, else the reason it is an error.</returns>
    public static string? ErrorFor(IPAddress answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.AddressFamily != AddressFamily.InterNetwork)
        {
            return $"answer {answer} is not an IPv4 address";
        }

        Span<byte> b = stackalloc byte[4];
        answer.TryWriteBytes(b, out _);
        if (b[0] != 127)
        {
            return $"answer {answer} is outside 127.0.0.0/8: the zone is wildcarding, defunct or hijacked";
        }

        return b[1] == 255 && b[2] == 255
            ? $"answer {answer} is the list operator's error code (e.g. Spamhaus: query through a public resolver, typo'd zone, or over the query limit)"
            : null;
    }
}

using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace ActorTrap.Dns.Client;

/// <summary>
/// Anti-spoofing (RFC 5452 9.1): an answer is accepted only when its id and its question (name case-insensitively,
/// type and class) are those of the query. A forged DNSBL answer could list or unlist anyone.
/// </summary>
internal static class AnswerCheck
{
    private const int HeaderLength = 12;
    private const ushort ClassIn = 1;

    public static AnswerVerdict Check(ReadOnlySpan<byte> packet, ushort id, DnsQuestion question, [NotNullWhen(true)] out DnsMessage? message)
    {
        message = null;
        // The id is checked before parsing: a flood of forged packets costs two byte reads each.
        if (packet.Length >= 2 && BinaryPrimitives.ReadUInt16BigEndian(packet) != id)
        {
            return AnswerVerdict.Mismatched;
        }

        if (!DnsMessageReader.TryParse(packet, out var parsed, out _))
        {
            return AnswerVerdict.Malformed;
        }

        if (!parsed.Flags.HasFlag(DnsHeaderFlags.Response) || parsed.Questions.Count != 1
            || parsed.Questions[0].Type != question.Type || !DnsName.Equals(parsed.Questions[0].Name, question.Name)
            || QuestionClass(packet) != ClassIn)
        {
            return AnswerVerdict.Mismatched;
        }

        message = parsed;
        return AnswerVerdict.Accept;
    }

    // The reader keeps only the type of a question; the class sits after the first name, which in an answer is never
    // compressed (nothing comes before it to point at), so it is found by walking the labels.
    private static int QuestionClass(ReadOnlySpan<byte> packet)
    {
        var p = HeaderLength;
        while (p < packet.Length && packet[p] != 0)
        {
            if ((packet[p] & 0xC0) != 0)
            {
                return -1;
            }

            p += 1 + packet[p];
        }

        p += 1 + 2; // the root label, then the type
        return p + 2 <= packet.Length ? BinaryPrimitives.ReadUInt16BigEndian(packet[p..]) : -1;
    }
}

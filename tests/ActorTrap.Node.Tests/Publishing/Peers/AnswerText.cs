using System.Globalization;
using ActorTrap.Dns;

namespace ActorTrap.Node.Tests.Publishing.Peers;

/// <summary>
/// A response as the text two servers must agree on: rcode, AA and TC, the answer records, and the SOA of negative
/// answers. Left out: the id, the OPT record, and NS records in the authority section (rbldnsd adds them unless
/// run with -a; ours never does).
/// </summary>
internal static class AnswerText
{
    public static string Of(DnsMessage m)
    {
        var lines = new List<string>
        {
            $"{m.Rcode} aa={m.Flags.HasFlag(DnsHeaderFlags.Authoritative)} tc={m.Flags.HasFlag(DnsHeaderFlags.Truncated)}",
        };
        lines.AddRange(m.Answers.Select(r => "answer " + Record(r)).Order(StringComparer.Ordinal));
        lines.AddRange(m.Authorities.Where(r => r.Type == DnsType.SOA).Select(r => "authority " + Record(r)));
        return string.Join("\n", lines);
    }

    private static string Record(DnsRecord r) => $"{r.Name.ToLowerInvariant()} {r.Ttl.ToString(CultureInfo.InvariantCulture)} {r.Type} " + r.Data switch
    {
        ARecord a => a.Address.ToString(),
        TxtRecord t => string.Join("|", t.Strings.Select(s => $"\"{s}\"")),
        NsRecord n => n.Host.ToLowerInvariant(),
        SoaRecord s => string.Join(' ', s.MName.ToLowerInvariant(), s.RName.ToLowerInvariant(), s.Serial, s.Refresh, s.Retry, s.Expire, s.Minimum),
        var other => other.ToString(),
    };
}

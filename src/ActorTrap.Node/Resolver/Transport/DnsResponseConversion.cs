using ActorTrap.Dns;
using DnsClient;
using Wire = DnsClient.Protocol;

namespace ActorTrap.Node.Resolver.Transport;

/// <summary>
/// DnsClient's response as ActorTrap's record model, holding only what the resolver reads: the question, answers,
/// and the SOA of a negative answer (its minimum bounds negative caching, RFC 2308 5). The resolver caches up to
/// <c>cache.max-entries</c> of these, and a DnsClient response carries its raw sections, settings and server besides.
/// </summary>
internal static class DnsResponseConversion
{
    public static DnsMessage ToMessage(IDnsQueryResponse response)
    {
        var header = response.Header;
        var flags = DnsHeaderFlags.Response
            | (header.HasAuthorityAnswer ? DnsHeaderFlags.Authoritative : 0)
            | (header.ResultTruncated ? DnsHeaderFlags.Truncated : 0)
            | (header.RecursionDesired ? DnsHeaderFlags.RecursionDesired : 0)
            | (header.RecursionAvailable ? DnsHeaderFlags.RecursionAvailable : 0);
        return new DnsMessage(
            (ushort)header.Id,
            flags,
            (DnsRcode)((int)header.ResponseCode & 0xF),
            response.Questions.Select(q => new Dns.DnsQuestion(Name(q.QueryName), (DnsType)q.QuestionType)).ToArray(),
            response.Answers.Select(Record).ToArray(),
            response.Authorities.OfType<Wire.SoaRecord>().Select(Record).ToArray(),
            [],
            null);
    }

    /// <summary>A name as the codec writes it: no trailing dot.</summary>
    public static string Name(DnsString name) => name.Value is { Length: > 0 } v && v[^1] == '.' ? v[..^1] : name.Value ?? "";

    private static DnsRecord Record(Wire.DnsResourceRecord record) => new(
        Name(record.DomainName),
        (DnsType)(ushort)record.RecordType,
        (uint)Math.Max(0, record.InitialTimeToLive), // a TTL with the top bit set means 0 (RFC 2181 8); DnsClient reads it signed
        Data(record));

    private static DnsRecordData Data(Wire.DnsResourceRecord record) => record switch
    {
        Wire.ARecord a => new ARecord(a.Address),
        Wire.AaaaRecord aaaa => new AaaaRecord(aaaa.Address),
        Wire.PtrRecord ptr => new PtrRecord(Name(ptr.PtrDomainName)),
        Wire.MxRecord mx => new MxRecord(mx.Preference, Name(mx.Exchange)),
        Wire.TxtRecord txt => new TxtRecord(txt.Text.ToArray()),
        Wire.SoaRecord soa => new SoaRecord(Name(soa.MName), Name(soa.RName), soa.Serial, soa.Refresh, soa.Retry, soa.Expire, soa.Minimum),
        Wire.CNameRecord cname => new CnameRecord(Name(cname.CanonicalName)),
        Wire.NsRecord ns => new NsRecord(Name(ns.NSDName)),
        _ => new RawRecord(ReadOnlyMemory<byte>.Empty), // nothing in the resolver reads other types' data
    };
}

namespace ActorTrap.Dns;

/// <summary>A whole DNS message. An OPT pseudo-record is not listed in <see cref="Additionals"/>; its UDP payload size is <see cref="EdnsUdpSize"/>.</summary>
public sealed record DnsMessage(
    ushort Id,
    DnsHeaderFlags Flags,
    DnsRcode Rcode,
    IReadOnlyList<DnsQuestion> Questions,
    IReadOnlyList<DnsRecord> Answers,
    IReadOnlyList<DnsRecord> Authorities,
    IReadOnlyList<DnsRecord> Additionals,
    ushort? EdnsUdpSize);

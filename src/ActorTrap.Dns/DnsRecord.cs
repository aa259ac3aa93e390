namespace ActorTrap.Dns;

/// <summary>One resource record; <see cref="Ttl"/> in seconds, already 0 where RFC 2181 8 says a value with the top bit set means 0.</summary>
public sealed record DnsRecord(string Name, DnsType Type, uint Ttl, DnsRecordData Data);

namespace ActorTrap.Dns;

/// <summary>An SOA record; Minimum bounds negative caching (RFC 2308 5).</summary>
public sealed record SoaRecord(string MName, string RName, uint Serial, uint Refresh, uint Retry, uint Expire, uint Minimum) : DnsRecordData;

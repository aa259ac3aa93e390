namespace ActorTrap.Dns;

/// <summary>An NS record's host name.</summary>
public sealed record NsRecord(string Host) : DnsRecordData;

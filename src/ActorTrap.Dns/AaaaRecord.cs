namespace ActorTrap.Dns;

/// <summary>An AAAA record's IPv6 address.</summary>
public sealed record AaaaRecord(System.Net.IPAddress Address) : DnsRecordData;

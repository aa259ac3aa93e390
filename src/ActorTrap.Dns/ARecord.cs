namespace ActorTrap.Dns;

/// <summary>An A record's IPv4 address.</summary>
public sealed record ARecord(System.Net.IPAddress Address) : DnsRecordData;

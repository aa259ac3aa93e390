namespace ActorTrap.Dns;

/// <summary>A CNAME record's target name.</summary>
public sealed record CnameRecord(string Target) : DnsRecordData;

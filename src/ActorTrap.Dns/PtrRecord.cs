namespace ActorTrap.Dns;

/// <summary>A PTR record's target name.</summary>
public sealed record PtrRecord(string Target) : DnsRecordData;

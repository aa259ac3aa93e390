namespace ActorTrap.Dns;

/// <summary>An MX record: lower preference is tried first (RFC 5321 5.1).</summary>
public sealed record MxRecord(ushort Preference, string Exchange) : DnsRecordData;

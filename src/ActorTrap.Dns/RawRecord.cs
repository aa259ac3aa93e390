namespace ActorTrap.Dns;

/// <summary>RDATA of a type this codec does not decode, kept verbatim.</summary>
public sealed record RawRecord(ReadOnlyMemory<byte> Data) : DnsRecordData;

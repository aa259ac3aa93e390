namespace ActorTrap.Dns;

/// <summary>The decoded RDATA of a record; one subtype per supported type, <see cref="RawRecord"/> for the rest.</summary>
public abstract record DnsRecordData;

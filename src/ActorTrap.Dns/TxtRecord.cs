namespace ActorTrap.Dns;

/// <summary>TXT character-strings, each up to 255 bytes, decoded as Latin-1 so no byte is lost.</summary>
public sealed record TxtRecord(IReadOnlyList<string> Strings) : DnsRecordData;

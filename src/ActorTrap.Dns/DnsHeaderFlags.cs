namespace ActorTrap.Dns;

/// <summary>The header bits ActorTrap looks at (QR, AA, TC, RD, RA); opcode is always QUERY.</summary>
[Flags]
public enum DnsHeaderFlags
{
    None = 0,
    Response = 1,
    Authoritative = 2,
    Truncated = 4,
    RecursionDesired = 8,
    RecursionAvailable = 16,
}

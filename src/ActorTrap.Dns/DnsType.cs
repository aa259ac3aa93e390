namespace ActorTrap.Dns;

/// <summary>Resource record types ActorTrap reads or writes (RFC 1035, RFC 3596 for AAAA, RFC 6891 for OPT). Others parse as raw data.</summary>
public enum DnsType : ushort
{
    A = 1,
    NS = 2,
    CNAME = 5,
    SOA = 6,
    PTR = 12,
    MX = 15,
    TXT = 16,
    AAAA = 28,
    OPT = 41,
}

namespace ActorTrap.Smtp.Proxy;

/// <summary>Why a PROXY header was refused (the PROXY protocol specification, haproxy.org proxy-protocol.txt).</summary>
public enum ProxyParseError
{
    None,

    /// <summary>Neither the v1 "PROXY " nor the v2 12-byte signature.</summary>
    NoSignature,

    /// <summary>v1: no CRLF within 107 bytes (spec 2.1).</summary>
    V1TooLong,

    /// <summary>v1: the line ends in a bare LF, has missing, extra or badly separated fields, or an unknown protocol.</summary>
    V1Syntax,

    /// <summary>v1: an address that is not a strict dotted quad (TCP4) or IPv6 text (TCP6).</summary>
    V1BadAddress,

    /// <summary>v1: a port that is not 0-65535 in decimal.</summary>
    V1BadPort,

    /// <summary>v2: the version nibble is not 2.</summary>
    V2BadVersion,

    /// <summary>v2: a command other than LOCAL (0) or PROXY (1).</summary>
    V2BadCommand,

    /// <summary>v2: an address family above AF_UNIX (3) or a transport above DGRAM (2).</summary>
    V2BadFamily,

    /// <summary>v2: the length field is over the configured cap.</summary>
    V2TooLong,

    /// <summary>v2: the length is too short for the addresses of the announced family.</summary>
    V2AddressTooShort,
}

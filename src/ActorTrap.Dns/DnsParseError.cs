namespace ActorTrap.Dns;

/// <summary>Why a packet could not be parsed. Network input is never trusted, so each is a value, not an exception.</summary>
public enum DnsParseError
{
    None,
    /// <summary>The packet ends before a field, a name or a record it announces.</summary>
    Truncated,
    /// <summary>A compression pointer points at or after the name it is part of (RFC 1035 pointers point backwards).</summary>
    BadPointer,
    /// <summary>A name follows more compression pointers than any real name needs.</summary>
    PointerLoop,
    /// <summary>A label is longer than 63 bytes (RFC 1035 2.3.4).</summary>
    LabelTooLong,
    /// <summary>A name is longer than 255 bytes on the wire (RFC 1035 2.3.4).</summary>
    NameTooLong,
    /// <summary>The section counts cannot be right (more records than the packet could hold) or bytes are left over.</summary>
    BadCounts,
    /// <summary>A record's RDLENGTH disagrees with its type's format.</summary>
    BadRecordLength,
    /// <summary>A label starts with the reserved 0x40 or 0x80 bits.</summary>
    BadLabelType,
    /// <summary>The packet is shorter than a header, or an opcode other than QUERY.</summary>
    BadHeader,
}

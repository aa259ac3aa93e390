namespace ActorTrap.Smtp.Analysis;

/// <summary>Why a reverse DNS name looks like a dynamic or dial-up pool.</summary>
public enum DynamicRdnsReason
{
    None,

    /// <summary>The name spells out the client's address (a-b-c-d, d.c.b.a, zero-padded, hex, ...).</summary>
    AddressInName,

    /// <summary>The name has a word ISPs use for pools of end-user addresses (dyn, dhcp, dsl, ppp, pool, cable, ...).</summary>
    PoolWord,
}

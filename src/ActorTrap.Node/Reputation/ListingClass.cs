namespace ActorTrap.Node.Reputation;

/// <summary>Why an address is listed; each class has its own DNSBL return code (default 127.0.0.2/.3/.4).</summary>
public enum ListingClass
{
    /// <summary>Listed by behaviour: its sins crossed the threshold.</summary>
    Behaviour,

    /// <summary>Listed because it wrote to a trap address.</summary>
    Trap,

    /// <summary>Listed by an operator.</summary>
    Manual,
}

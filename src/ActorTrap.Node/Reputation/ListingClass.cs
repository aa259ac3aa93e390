namespace ActorTrap.Node.Reputation;

/// <summary>Why an address is listed; each class has its own DNSBL return code (default 127.0.0.2/.3/.4/.20).</summary>
public enum ListingClass
{
    /// <summary>Listed by behaviour: its sins crossed the threshold.</summary>
    Behaviour,

    /// <summary>Listed because it wrote to a trap address.</summary>
    Trap,

    /// <summary>Listed by an operator.</summary>
    Manual,

    /// <summary>
    /// Fetched the trap page and handed the tagged address it got to a spammer (issue 18). Informs and never blocks:
    /// kept out of the DNS zone, the rbldnsd file, the plain feed and our own hold unless
    /// <c>actortrap.traps.harvesters.block</c> is on.
    /// </summary>
    Harvester,
}

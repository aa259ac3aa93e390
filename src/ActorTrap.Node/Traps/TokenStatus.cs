namespace ActorTrap.Node.Traps;

/// <summary>What opening a local part found.</summary>
internal enum TokenStatus
{
    /// <summary>Sealed by one of our keys: the harvester and the harvest time are known.</summary>
    Opened,

    /// <summary>Not the length or alphabet of a token: an ordinary address at a trap domain.</summary>
    NotAToken,

    /// <summary>Shaped like a token but sealed under a key id we do not hold (never, or revoked).</summary>
    UnknownKey,

    /// <summary>Shaped like a token under a key we hold, but its tag does not match: changed or made up.</summary>
    Forged,
}

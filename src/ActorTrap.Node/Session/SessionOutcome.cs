namespace ActorTrap.Node.Session;

/// <summary>How a session ended; the label of the connections-by-outcome counter.</summary>
public enum SessionOutcome
{
    /// <summary>Listed client held (until the hold time, or it went away first).</summary>
    Held,

    /// <summary>Unlisted client closed at once in drop mode.</summary>
    Dropped,

    /// <summary>Unlisted client spoken to in observe mode.</summary>
    Observed,

    /// <summary>Closed at once because a cap was reached (held, per-IP or total connections).</summary>
    Shed,
}

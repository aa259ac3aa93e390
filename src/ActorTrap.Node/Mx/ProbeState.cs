namespace ActorTrap.Node.Mx;

/// <summary>What one probe round found about a domain's primary MX.</summary>
public enum ProbeState
{
    /// <summary>Nothing to probe: the MX lookup failed or named no host.</summary>
    Unknown,

    /// <summary>At least one most preferred host sent a 220 banner within the probe timeout.</summary>
    Answering,

    /// <summary>Every host refused, stayed silent, or greeted with another code.</summary>
    NotAnswering,
}

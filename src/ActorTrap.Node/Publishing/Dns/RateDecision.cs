namespace ActorTrap.Node.Publishing.Dns;

/// <summary>What the rate limiter allows for one query.</summary>
internal enum RateDecision
{
    Allow,

    /// <summary>Over the limit: send an empty truncated response, so a real client falls back to TCP.</summary>
    Slip,

    /// <summary>Over the limit: send nothing.</summary>
    Drop,
}

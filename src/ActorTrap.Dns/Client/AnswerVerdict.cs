namespace ActorTrap.Dns.Client;

/// <summary>What to make of one received packet while waiting for the answer to a query.</summary>
internal enum AnswerVerdict
{
    Accept,
    /// <summary>It did not parse: dropped and counted.</summary>
    Malformed,
    /// <summary>Another id, no QR bit, or another question: not the answer to this query (forged or stale), dropped.</summary>
    Mismatched,
}

namespace ActorTrap.Dns;

/// <summary>
/// What asking one question produced: a response (any rcode), or why there is none (timeout, network error, no free
/// query slot). Network trouble is a value, never an exception.
/// </summary>
public sealed record DnsLookupOutcome(DnsMessage? Response, string? Failure)
{
    public static DnsLookupOutcome Of(DnsMessage response) => new(response, null);

    public static DnsLookupOutcome Failed(string reason) => new(null, reason);
}

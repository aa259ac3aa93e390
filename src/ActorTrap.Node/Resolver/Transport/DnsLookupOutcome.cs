using ActorTrap.Dns;

namespace ActorTrap.Node.Resolver.Transport;

/// <summary>
/// What asking one question produced: a response (any rcode), or why there is none (timeout, network error, no free
/// query slot, the lookup budget ran out). Network trouble is a value, never an exception. The response is ActorTrap's
/// own compact record model, not DnsClient's, because the resolver caches tens of thousands of them.
/// </summary>
internal sealed record DnsLookupOutcome(DnsMessage? Response, string? Failure)
{
    public static DnsLookupOutcome Of(DnsMessage response) => new(response, null);

    public static DnsLookupOutcome Failed(string reason) => new(null, reason);
}

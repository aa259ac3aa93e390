using ActorTrap.Dns;

namespace ActorTrap.Node.Resolver;

/// <summary>What the transport reports for one question: a response, or why there is none. Never an exception.</summary>
public sealed record DnsLookupOutcome(DnsMessage? Response, string? Failure)
{
    public static DnsLookupOutcome Of(DnsMessage response) => new(response, null);

    public static DnsLookupOutcome Failed(string reason) => new(null, reason);
}

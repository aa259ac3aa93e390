namespace ActorTrap.Dns;

/// <summary>A question: a name without the trailing dot (labels escaped as <c>\DDD</c> where needed) and a type; class is always IN.</summary>
public sealed record DnsQuestion(string Name, DnsType Type);

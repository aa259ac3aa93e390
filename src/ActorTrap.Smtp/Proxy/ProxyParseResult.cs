namespace ActorTrap.Smtp.Proxy;

/// <summary>The outcome of <see cref="ProxyProtocolParser.Parse(ReadOnlySpan{byte}, int)"/>.</summary>
/// <param name="Header">Set when <paramref name="Status"/> is <see cref="ProxyParseStatus.Parsed"/>.</param>
/// <param name="Consumed">Header bytes to skip before the SMTP stream (0 unless parsed).</param>
public readonly record struct ProxyParseResult(ProxyParseStatus Status, ProxyHeader? Header, int Consumed, ProxyParseError Error)
{
    internal static readonly ProxyParseResult NeedMoreData = new(ProxyParseStatus.NeedMoreData, null, 0, ProxyParseError.None);

    internal static ProxyParseResult Invalid(ProxyParseError error) => new(ProxyParseStatus.Invalid, null, 0, error);

    internal static ProxyParseResult Parsed(ProxyHeader header) => new(ProxyParseStatus.Parsed, header, header.Length, ProxyParseError.None);
}

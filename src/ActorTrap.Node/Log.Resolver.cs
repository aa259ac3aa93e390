using Microsoft.Extensions.Logging;

namespace ActorTrap.Node;

/// <summary>DNS and resolver events, 2xxx.</summary>
internal static partial class Log
{
    [LoggerMessage(2000, LogLevel.Information, "Resolver started: {ZoneCount} DNSBL zone(s) [{Zones}], servers [{Servers}], {TimeoutMs} ms per try, lookup budget {BudgetMs} ms")]
    public static partial void ResolverStarted(ILogger logger, int zoneCount, string zones, string servers, long timeoutMs, long budgetMs);

    [LoggerMessage(2001, LogLevel.Warning, "DNSBL zone {Zone} disabled by its self-test: {Reason}")]
    public static partial void ZoneDisabled(ILogger logger, string zone, string reason);

    [LoggerMessage(2002, LogLevel.Information, "DNSBL zone {Zone} passed its self-test again and is re-enabled")]
    public static partial void ZoneEnabled(ILogger logger, string zone);

    [LoggerMessage(2003, LogLevel.Information, "DNSBL zone {Zone} passed its self-test (127.0.0.2 listed, 127.0.0.1 not)")]
    public static partial void ZoneSelfTestPassed(ILogger logger, string zone);

    [LoggerMessage(2004, LogLevel.Debug, "DNSBL zone {Zone} self-test: {Result}")]
    public static partial void ZoneSelfTestResult(ILogger logger, string zone, string result);

    [LoggerMessage(2005, LogLevel.Warning, "DNSBL health degraded: {Detail}. Failing zones are retried with back-off; the node stays {Readiness} (actortrap.dnsbl.degraded-is-not-ready)")]
    public static partial void DnsblDegraded(ILogger logger, string detail, string readiness);

    [LoggerMessage(2006, LogLevel.Information, "DNSBL health ok again: {Detail}")]
    public static partial void DnsblHealthy(ILogger logger, string detail);

    [LoggerMessage(2010, LogLevel.Debug, "Late DNS answer ({Answer}) for {Recipient}: its client had left before the answer came")]
    public static partial void LateDnsAnswer(ILogger logger, string answer, string recipient);
}

namespace ActorTrap.Node.Metrics;

/// <summary>
/// The one place that names ActorTrap's meters. Every area creates its instruments on its own meter, named here, and
/// names each instrument <c>actortrap.&lt;area&gt;.&lt;what&gt;</c> (lower case, dots). OpenTelemetry's Prometheus exporter
/// turns dots into underscores, adds the unit (<c>s</c> → <c>_seconds</c>, <c>By</c> → <c>_bytes</c>; an annotation
/// such as <c>{verdict}</c> adds nothing) and <c>_total</c> for counters, so <c>actortrap.publish.dns.queries</c> becomes
/// <c>actortrap_publish_dns_queries_total</c>. docs/metrics.md lists every instrument. <see cref="NodeMetrics"/> collects
/// every meter whose name starts with <see cref="Prefix"/>.
/// </summary>
internal static class MeterNames
{
    /// <summary>Common prefix of every ActorTrap meter; the collector's default filter.</summary>
    public const string Prefix = "ActorTrap.";

    /// <summary>The actor kernel: mailbox depths, dead letters, restarts.</summary>
    public const string Actors = "ActorTrap.Actors";

    /// <summary>SMTP sessions: connections by outcome, held connections, session durations, sins by kind.</summary>
    public const string Smtp = "ActorTrap.Smtp";

    /// <summary>The DNS resolver and DNSBL checks: queries, cache hits, timeouts per zone.</summary>
    public const string Dns = "ActorTrap.Dns";

    /// <summary>Reputation shards and the store: verdicts, listings, batch latency, store errors, spool depth.</summary>
    public const string Reputation = "ActorTrap.Reputation";

    /// <summary>Publishing: the DNSBL responder, the rbldnsd export, the HTTP feed, the UDP feed and collector.</summary>
    public const string Publish = "ActorTrap.Publish";

    /// <summary>The node itself and its admin endpoint.</summary>
    public const string Node = "ActorTrap.Node";

    /// <summary>Tagged trap addresses: trap page visits, tokens opened, harvests (issue 18).</summary>
    public const string Traps = "ActorTrap.Traps";

    /// <summary>Cluster membership and single-leader chores.</summary>
    public const string Cluster = "ActorTrap.Cluster";
}

namespace ActorTrap.Node.Configuration;

/// <summary>The validated, typed configuration of a node; built only when every key is valid.</summary>
public sealed record NodeSettings(
    NodeOptions Node,
    AdminOptions Admin,
    ActorOptions Actors,
    DnsOptions Dns,
    DnsblOptions Dnsbl,
    SmtpOptions Smtp,
    ReputationOptions Reputation,
    ClusterOptions Cluster,
    PublishOptions Publish)
{
    /// <summary><c>actortrap.log</c>: format, levels, the session line.</summary>
    public LogOptions Log { get; init; } = LogOptions.Default;

    /// <summary><c>actortrap.metrics</c>; off unless configured (specs that build settings by hand leave it so).</summary>
    public MetricsOptions Metrics { get; init; } = MetricsOptions.Off;

    /// <summary><c>actortrap.traps</c>: the trap page, tagged trap addresses and their harvesters (issue 18).</summary>
    public TrapsOptions Traps { get; init; } = TrapsOptions.Off;
}

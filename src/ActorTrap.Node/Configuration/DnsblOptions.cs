namespace ActorTrap.Node.Configuration;

/// <summary><c>actortrap.dnsbl</c>: which DNS blacklists to ask and when a client counts as listed.</summary>
/// <param name="Threshold">Weighted score at or above which a client is listed.</param>
/// <param name="Zones">Every configured zone, enabled or not (disabled ones stay visible to operators).</param>
public sealed record DnsblOptions(double Threshold, IReadOnlyList<DnsblZoneOptions> Zones)
{
    /// <summary><c>self-test-interval</c>: how often each zone's RFC 5782 self-test runs (30 min, Haraka dns-list's periodic_checks); zero turns it off.</summary>
    public TimeSpan SelfTestInterval { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// <c>self-test-retry-min</c>: a failed self-test is tried again after this, then after twice as long each time it
    /// fails again, up to <see cref="SelfTestRetryMax"/>. 10 s doubling to 5 min is the kubelet's restart back-off: a
    /// resolver that starts a few seconds after the node is noticed within seconds, a dead zone costs two queries every 5 min.
    /// </summary>
    public TimeSpan SelfTestRetryMin { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary><c>self-test-retry-max</c>: the longest wait between retries of a failing self-test (5 min, see <see cref="SelfTestRetryMin"/>).</summary>
    public TimeSpan SelfTestRetryMax { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// <c>degraded-is-not-ready</c>: off (the default) keeps the node ready while zones fail their self-test, /readyz
    /// saying "degraded": the tarpit still holds the clients on our own list and drops or observes the rest, and a
    /// DNSBL outage would otherwise take every pod out of its Service at once. On makes /readyz answer 503 then.
    /// </summary>
    public bool DegradedIsNotReady { get; init; }
}

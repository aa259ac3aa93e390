using System.Net;

namespace ActorTrap.TestPeers;

/// <summary>How <see cref="EximSender.StartAsync(EximSenderOptions, CancellationToken)"/> runs its private Exim.</summary>
public sealed class EximSenderOptions
{
    /// <summary>The loopback address the smtp transport connects from (its <c>interface</c>), and the daemon's <c>local_interfaces</c>.</summary>
    public required IPAddress Source { get; init; }

    /// <summary><c>primary_hostname</c>; also the HELO name unless <see cref="HeloName"/> is set.</summary>
    public required string PrimaryHostname { get; init; }

    /// <summary>
    /// The manualroute's hosts in order of preference (<c>hosts_randomize = false</c>): every message goes to the first
    /// that answers, so a dead first host makes Exim fall back to the second as it would to a backup MX.
    /// </summary>
    public required IReadOnlyList<IPEndPoint> Hosts { get; init; }

    /// <summary>The smtp transport's <c>helo_data</c>, e.g. a short name such as <c>mailhost</c>; null uses <see cref="PrimaryHostname"/>.</summary>
    public string? HeloName { get; init; }

    /// <summary>
    /// The retry rule's interval (<c>* * F,1h,N s</c>) and the daemon's queue-run interval (<c>-qNs</c>): Exim's own
    /// scheduler retries a deferred message every few seconds instead of Debian's 15 minutes.
    /// </summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(20);
}

using System.Net;

namespace ActorTrap.TestPeers;

/// <summary>How <see cref="PostfixSender.StartAsync(PostfixSenderOptions, CancellationToken)"/> runs its private Postfix.</summary>
public sealed class PostfixSenderOptions
{
    /// <summary>The loopback address the Postfix SMTP client connects from (<c>smtp_bind_address</c>).</summary>
    public required IPAddress Source { get; init; }

    /// <summary><c>myhostname</c>; also the HELO name unless <see cref="HeloName"/> is set. Must differ from the receiving node's name.</summary>
    public required string MyHostname { get; init; }

    /// <summary>Where every message goes (<c>relayhost = [address]:port</c>, so no DNS is asked).</summary>
    public required IPEndPoint Relay { get; init; }

    /// <summary><c>smtp_fallback_relay</c>: tried when <see cref="Relay"/> does not answer (a primary MX that is down).</summary>
    public IPEndPoint? FallbackRelay { get; init; }

    /// <summary><c>smtp_helo_name</c>, e.g. a short name such as <c>mailhost</c>; null uses <see cref="MyHostname"/>.</summary>
    public string? HeloName { get; init; }

    /// <summary>
    /// <c>minimal_backoff_time</c>; <c>maximal_backoff_time</c> is twice this and <c>queue_run_delay</c> half of it, so
    /// Postfix's own scheduler retries a deferred message every few seconds instead of every 5 to 67 minutes
    /// (Postfix's defaults: 300 s, 4000 s, 300 s).
    /// </summary>
    public TimeSpan Backoff { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(20);
}

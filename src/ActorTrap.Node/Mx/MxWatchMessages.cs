using ActorTrap.Node.Session;

namespace ActorTrap.Node.Mx;

/// <summary>To the watch, from <see cref="MxGateSink"/>: a verdict with a highest-mx candidate, to hold until the next probe.</summary>
internal sealed record HoldVerdict(Verdict Verdict);

/// <summary>To the watch at shutdown: forward every held verdict without the unconfirmed sin, reply <see cref="Flushed"/>, stop.</summary>
internal sealed record FlushAndStop
{
    public static readonly FlushAndStop Instance = new();
}

/// <summary>The reply to <see cref="FlushAndStop"/>: how many held verdicts went on without the sin.</summary>
internal sealed record Flushed(int Count);

/// <summary>Ask the watch for its state; the reply is an <see cref="MxStatus"/>.</summary>
public sealed record GetMxStatus
{
    public static readonly GetMxStatus Instance = new();
}

/// <summary>The watch's state: the domains probed, each one's latest probe round, the gate's held count and counts.</summary>
/// <param name="Latest">The latest completed round of each probed domain that has one.</param>
public sealed record MxStatus(IReadOnlyList<string> Domains, IReadOnlyList<ProbeResult> Latest, int Held, GateCounts Counts);

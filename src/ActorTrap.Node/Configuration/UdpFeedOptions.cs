using System.Net;

namespace ActorTrap.Node.Configuration;

/// <summary><c>actortrap.publish.udp-feed</c>: signed one-line verdicts from detector nodes to a collector (docs/udp-feed.md).</summary>
/// <param name="Collector">Where this node sends its verdicts; null when it does not.</param>
/// <param name="Listen">Where this node collects verdicts; null when it is not a collector.</param>
/// <param name="Key">This sender's HMAC-SHA256 key (UTF-8 bytes of the configured text); null when not set. Never logged.</param>
/// <param name="ReplayWindow">Lines whose timestamp is further than this from the collector's clock are rejected as stale.</param>
/// <param name="MaxSeen">Lines remembered to reject replays; past it the oldest are forgotten and the window shrinks.</param>
/// <param name="SendQueue">Verdicts waiting to be sent; beyond it new ones are dropped and counted, so sessions never wait.</param>
public sealed record UdpFeedOptions(IPEndPoint? Collector, IPEndPoint? Listen, byte[]? Key, TimeSpan ReplayWindow, int MaxSeen, int SendQueue)
{
    /// <summary>This sender's key id (<c>udp-feed.key-id</c>), named in every line it sends; null when not set.</summary>
    public string? KeyId { get; init; }

    /// <summary>The collector's reporters (<c>udp-feed.reporters</c>), by key id; reloadable.</summary>
    public IReadOnlyList<FeedReporterOptions> Reporters { get; init; } = [];

    /// <summary>Distinct reporters that must agree before remote reports alone list an address (<c>udp-feed.min-reporters</c>).</summary>
    public int MinReporters { get; init; } = 2;

    /// <summary>How long a report counts towards that agreement (<c>udp-feed.window</c>).</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromHours(24);

    public override string ToString() =>
        $"UdpFeedOptions {{ Collector = {Collector}, Listen = {Listen}, KeyId = {KeyId ?? "none"}, Key = {(Key is null ? "none" : "set")}, ReplayWindow = {ReplayWindow}, "
        + $"MaxSeen = {MaxSeen}, SendQueue = {SendQueue}, Reporters = [{string.Join(", ", Reporters)}], MinReporters = {MinReporters}, Window = {Window} }}";
}

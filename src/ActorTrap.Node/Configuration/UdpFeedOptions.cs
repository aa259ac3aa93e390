using System.Net;

namespace ActorTrap.Node.Configuration;

/// <summary><c>actortrap.publish.udp-feed</c>: signed one-line verdicts from detector nodes to a collector (docs/udp-feed.md).</summary>
/// <param name="Collector">Where this node sends its verdicts; null when it does not.</param>
/// <param name="Listen">Where this node collects verdicts; null when it is not a collector.</param>
/// <param name="Key">The shared HMAC-SHA256 key (UTF-8 bytes of the configured text); null when not set. Never logged.</param>
/// <param name="ReplayWindow">Lines whose timestamp is further than this from the collector's clock are rejected as stale.</param>
/// <param name="MaxSeen">Lines remembered to reject replays; past it the oldest are forgotten and the window shrinks.</param>
/// <param name="SendQueue">Verdicts waiting to be sent; beyond it new ones are dropped and counted, so sessions never wait.</param>
public sealed record UdpFeedOptions(IPEndPoint? Collector, IPEndPoint? Listen, byte[]? Key, TimeSpan ReplayWindow, int MaxSeen, int SendQueue)
{
    public override string ToString() =>
        $"UdpFeedOptions {{ Collector = {Collector}, Listen = {Listen}, Key = {(Key is null ? "none" : "set")}, ReplayWindow = {ReplayWindow}, MaxSeen = {MaxSeen}, SendQueue = {SendQueue} }}";
}

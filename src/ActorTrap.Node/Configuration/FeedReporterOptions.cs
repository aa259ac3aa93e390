namespace ActorTrap.Node.Configuration;

/// <summary>
/// One detector allowed to report to this collector: <c>actortrap.publish.udp-feed.reporters.&lt;key-id&gt;</c>
/// (docs/udp-feed.md). Reloadable: a reporter removed or revoked by a reload is rejected from then on.
/// </summary>
/// <param name="Id">Its key id, as its lines name it (<c>[a-z0-9][a-z0-9_-]{0,31}</c>).</param>
/// <param name="Key">Its HMAC-SHA256 key (UTF-8 bytes of the configured text). Never logged.</param>
/// <param name="Trusted">Its reports list an address without a second reporter (as the collector's own sessions do).</param>
/// <param name="Weight">Factor on the weights of the sins it reports, 0 to 1: a less trusted detector counts for less.</param>
/// <param name="MaxNewPerMinute">Distinct addresses it may report per minute; the rest are dropped and counted (<c>capped</c>).</param>
/// <param name="Revoked">Its lines are rejected and counted as <c>revoked</c>, its counters kept.</param>
public sealed record FeedReporterOptions(string Id, byte[] Key, bool Trusted, double Weight, int MaxNewPerMinute, bool Revoked)
{
    public override string ToString() =>
        $"FeedReporterOptions {{ Id = {Id}, Key = <redacted>, Trusted = {Trusted}, Weight = {Weight}, MaxNewPerMinute = {MaxNewPerMinute}, Revoked = {Revoked} }}";
}

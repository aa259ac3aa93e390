using System.Net;
using ActorTrap.Node.Configuration;

namespace ActorTrap.Node.Publishing.UdpFeed;

/// <summary>
/// What the collector checks reports against: the configured reporters and the allow-list. Immutable, swapped whole
/// by a reload (<see cref="UdpFeedCollector.UsePolicy"/>), so a line is judged by one configuration, old or new.
/// </summary>
internal sealed class FeedPolicy(IReadOnlyList<FeedReporterOptions> reporters, IReadOnlyList<IPNetwork> allow)
{
    private readonly Dictionary<string, FeedReporterOptions> byId = reporters.ToDictionary(r => r.Id, StringComparer.Ordinal);

    public IReadOnlyList<IPNetwork> Allow { get; } = allow;

    public IReadOnlyCollection<FeedReporterOptions> Reporters => byId.Values;

    public FeedReporterOptions? Find(string id) => byId.GetValueOrDefault(id);

    /// <summary>The key to check a line of <paramref name="id"/> with; null for an unknown or revoked reporter.</summary>
    public byte[]? KeyFor(string id) => byId.TryGetValue(id, out var r) && !r.Revoked ? r.Key : null;
}

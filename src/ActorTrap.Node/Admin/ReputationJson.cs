using System.Net;
using System.Net.Sockets;
using ActorTrap.Node.Reputation;
using ActorTrap.Node.Reputation.Cluster;
using ActorTrap.Node.Reputation.Sharding;
using ActorTrap.Node.Reputation.Shards;
using ActorTrap.Node.Reputation.Store;
using ActorTrap.Node.Resolver;

namespace ActorTrap.Node.Admin;

/// <summary>
/// The reputation stage's records as the admin API's JSON (shapes in docs/operations.md, read by <c>actortrap ctl</c>):
/// addresses as text, enums as lowercase words, never numbers, so a reordered enum cannot change what ctl shows.
/// </summary>
internal static class ReputationJson
{
    public static object Cluster(ClusterState state) => new
    {
        state.Self,
        state.SelfAddress,
        state.Store,
        state.Leader,
        state.ChoresNode,
        Members = state.Members.Select(m => new
        {
            m.Address,
            m.Status,
            m.Roles,
            m.Reachable,
            m.Name,
            m.AdminAddress,
            m.Held,
            m.StartedAt,
            m.RunsChores,
            m.SettingsHash,
            Self = m.IsSelf,
        }),
    };

    public static object Shard(ShardStats s) => new
    {
        s.Shard,
        s.Recent,
        s.Pending,
        s.WriteInFlight,
        s.Batches,
        s.VerdictsIn,
        s.VerdictsPerSecond,
        s.LastWrite,
    };

    /// <param name="reputation">What the store holds; null when the store could not be read (then <paramref name="storeError"/> says why).</param>
    /// <param name="listing">This node's own-list entry covering the address (what its sessions hold on), if any.</param>
    /// <param name="entity">What the address's reputation entity answered; null when it did not answer in time.</param>
    public static object Lookup(IPAddress address, AddressReputation? reputation, string? storeError, Listing? listing, object dnsbl, EntityState? entity) => new
    {
        Address = Publishing.AddressText.Format(address),
        reputation?.Shard,
        Listed = listing is not null,
        Class = listing is null ? null : Word(listing.Class),
        Score = reputation?.Score ?? 0,
        Standing = reputation?.Standing ?? 0,
        SoftSins = reputation?.SoftSins ?? [],
        Virtue = reputation?.Virtue ?? 0,
        Retried = reputation?.Virtue < 0,
        Verdicts = reputation?.Verdicts ?? 0,
        Reasons = reputation?.Reasons ?? [],
        Harvests = Harvests(reputation?.Reasons ?? []),
        Reporters = reputation?.Reporters ?? [],
        ReportedLocally = reputation?.ReportedLocally ?? false,
        reputation?.FirstSeen,
        reputation?.LastSeen,
        listing?.Expires,
        Listing = listing is null ? null : Listing(listing),
        StoreError = storeError,
        Entity = entity is null ? null : new { entity.Node, entity.Verdicts, entity.Pending },
        EntityError = entity is null
            ? $"the address's reputation entity did not answer within {ReputationService.EntityQueryTimeout.TotalSeconds:0} s (its shard is moving, or its node is unreachable)"
            : null,
        Dnsbl = dnsbl,
    };

    /// <summary>
    /// The harvests among a harvester's reasons (issue 18): when it collected a tagged trap address, who used it and
    /// after how long; empty for any other address.
    /// </summary>
    public static IReadOnlyList<object> Harvests(IEnumerable<string> reasons) =>
    [
        .. reasons.Select(r => Traps.HarvestReason.TryParse(r, out var at, out var delay, out var by)
                ? new { Harvested = at, UsedBy = by is null ? "" : by.ToString(), Delay = delay }
                : null)
            .Where(h => h is not null)
            .Select(h => (object)h!),
    ];

    public static object Listing(Listing l) => new
    {
        Network = Network(l.Address, l.PrefixLength),
        Class = Word(l.Class),
        l.Score,
        l.Reasons,
        l.Reporters,
        l.FirstSeen,
        l.LastSeen,
        l.ListedAt,
        l.Expires,
    };

    public static object Delisted(IPNetwork network, ManualDelistResult result) => new
    {
        Network = Network(network.BaseAddress, network.PrefixLength),
        result.ManualRemoved,
        Delisted = result.Delisted.Select(a => Publishing.AddressText.Format(a)),
    };

    /// <summary>The resolver's answer as a session would get it; the zones' TXT text is the list's, shown as it came.</summary>
    public static object Dnsbl(DnsblReport report) => new
    {
        report.Score,
        report.Listed,
        Zones = report.Zones.Select(z => new
        {
            z.Zone,
            Status = Word(z.Status),
            z.Weight,
            Codes = z.Codes.Select(c => c.ToString()),
            Txt = z.Reason,
            z.Error,
        }),
    };

    public static object DnsblUnanswered(string error) => new { Score = 0, Listed = false, Zones = Array.Empty<object>(), Error = error };

    public static object Stats(ReputationService r)
    {
        var c = r.Counters;
        var spool = r.SpoolDepth;
        return new
        {
            Store = r.StoreKind,
            VerdictsIn = c.VerdictsIn,
            VerdictsClean = c.VerdictsClean,
            VerdictsRejected = c.VerdictsRejected,
            VerdictsMerged = c.VerdictsMerged,
            RowsMerged = c.RowsMerged,
            c.Batches,
            c.StoreErrors,
            Listed = c.Listed,
            Delisted = c.Delisted,
            OwnListSize = r.LocalBlacklist.Count,
            SpoolBatches = spool.Batches,
            SpoolRows = spool.Rows,
            SpoolBytes = spool.Bytes,
            Spooled = c.DeltasSpooled,
            Replayed = c.DeltasReplayed,
            Refused = c.VerdictsRefused,
            Dropped = c.VerdictsDropped,
        };
    }

    private static string Network(IPAddress address, int prefix) => Publishing.AddressText.Format(address, prefix);

    /// <summary>Up → "up", NotListed → "not-listed": the wire names ctl and docs use.</summary>
    internal static string Word<T>(T value) where T : struct, Enum
    {
        var name = value.ToString();
        var b = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                b.Append('-');
            }

            b.Append(char.ToLowerInvariant(name[i]));
        }

        return b.ToString();
    }
}

using ActorTrap.Node.Resolver;
using ActorTrap.Node.Session;

namespace ActorTrap.Node.Reputation.Scoring;

/// <summary>
/// The scoring rules as pure functions of their inputs (no clock is read here). The SQLite store applies
/// <see cref="Merge"/> directly; the PostgreSQL store runs the same rules in its upsert statement, and the store
/// contract suite checks that both agree.
/// </summary>
internal static class Scorer
{
    /// <summary>Longest reason kept; wire names and DNS zone names fit easily.</summary>
    public const int MaxReasonLength = 63;

    /// <summary>
    /// <paramref name="score"/> valued at <paramref name="from"/>, decayed to <paramref name="to"/> with the given
    /// half-life. A score never grows: valuing it at an earlier time returns it unchanged.
    /// </summary>
    public static double Decay(double score, DateTimeOffset from, DateTimeOffset to, TimeSpan halfLife)
    {
        if (to <= from || score == 0)
        {
            return score;
        }

        return score * Math.Pow(0.5, (to - from).TotalSeconds / halfLife.TotalSeconds);
    }

    /// <summary>
    /// Folds <paramref name="delta"/> into <paramref name="old"/> (null for an address never seen). Order does not
    /// matter: both scores are decayed to the later of the two times and added, so concurrent writers and replayed
    /// spool batches converge on the same score.
    /// </summary>
    public static MergeResult Merge(ReputationRecord? old, EvidenceDelta delta, DateTimeOffset now, ScoringOptions options)
    {
        if (old is null)
        {
            var fresh = Listable(delta.Allowed, wasListed: false, delta.Score, delta.Trap, delta.Last, now, options);
            return new MergeResult(
                new ReputationRecord(delta.Address, delta.Score, delta.Last, delta.First, delta.Last, delta.Verdicts, delta.Reasons,
                    delta.Trap, delta.Allowed, fresh ? now : null, fresh ? delta.Last + options.ListingTtl : null),
                fresh);
        }

        var at = old.ScoreAt > delta.Last ? old.ScoreAt : delta.Last;
        var score = Decay(old.Score, old.ScoreAt, at, options.HalfLife) + Decay(delta.Score, delta.Last, at, options.HalfLife);
        var last = old.LastSeen > delta.Last ? old.LastSeen : delta.Last;
        var trap = old.Trap || delta.Trap;
        var wasListed = old.IsListedAt(now);
        var listed = Listable(delta.Allowed, wasListed, score, trap, last, now, options);
        var record = new ReputationRecord(
            old.Address,
            score,
            at,
            old.FirstSeen < delta.First ? old.FirstSeen : delta.First,
            last,
            old.Verdicts + delta.Verdicts,
            UnionReasons(old.Reasons, delta.Reasons, options.MaxReasons),
            trap,
            delta.Allowed,
            listed ? (wasListed ? old.ListedAt : now) : null,
            listed ? last + options.ListingTtl : null);
        return new MergeResult(record, listed && !wasListed);
    }

    /// <summary>Combines two deltas about the same address (a shard coalescing verdicts before a write).</summary>
    public static EvidenceDelta Combine(EvidenceDelta a, EvidenceDelta b, TimeSpan halfLife, int maxReasons)
    {
        var last = a.Last > b.Last ? a.Last : b.Last;
        return new EvidenceDelta(
            a.Address,
            Decay(a.Score, a.Last, last, halfLife) + Decay(b.Score, b.Last, last, halfLife),
            a.First < b.First ? a.First : b.First,
            last,
            a.Verdicts + b.Verdicts,
            UnionReasons(a.Reasons, b.Reasons, maxReasons),
            a.Trap || b.Trap,
            b.Last >= a.Last ? b.Allowed : a.Allowed);
    }

    /// <summary>The evidence one verdict carries: its score at its end time, its sins' wire names and the DNSBL zones that listed the client.</summary>
    public static EvidenceDelta FromVerdict(Verdict verdict, bool allowed, int maxReasons)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var reasons = new List<string>(verdict.Sins.Count + 2);
        var trap = false;
        foreach (var sin in verdict.Sins)
        {
            reasons.Add(sin.Kind.WireName());
            trap |= sin.Kind == SinKind.TrapAddress;
        }

        if (verdict.Dnsbl is { } report)
        {
            foreach (var zone in report.Zones)
            {
                if (zone.Status == ZoneStatus.Listed)
                {
                    reasons.Add(zone.Zone);
                }
            }
        }

        var address = verdict.Client.IsIPv4MappedToIPv6 ? verdict.Client.MapToIPv4() : verdict.Client;
        var end = TruncateToMilliseconds(verdict.End);
        return new EvidenceDelta(address, verdict.Score, end, end, 1, NormaliseReasons(reasons, maxReasons), trap, allowed);
    }

    /// <summary>Sorted (ordinal), distinct, lower case, at most <paramref name="max"/>; unprintable or long names are dropped.</summary>
    public static IReadOnlyList<string> NormaliseReasons(IEnumerable<string> reasons, int max)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var reason in reasons)
        {
            var r = reason.Trim().ToLowerInvariant();
            if (r.Length is > 0 and <= MaxReasonLength && r.All(IsReasonChar))
            {
                set.Add(r);
            }
        }

        return set.Count <= max ? [.. set] : [.. set.Take(max)];
    }

    public static IReadOnlyList<string> UnionReasons(IReadOnlyList<string> a, IReadOnlyList<string> b, int max)
    {
        if (b.Count == 0 || (ReferenceEquals(a, b) && a.Count <= max))
        {
            return a;
        }

        var set = new SortedSet<string>(a, StringComparer.Ordinal);
        set.UnionWith(b);
        return set.Count <= max ? [.. set] : [.. set.Take(max)];
    }

    public static DateTimeOffset TruncateToMilliseconds(DateTimeOffset t) =>
        new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    private static bool IsReasonChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or ':';

    private static bool Listable(bool allowed, bool wasListed, double score, bool trap, DateTimeOffset last, DateTimeOffset now, ScoringOptions options) =>
        !allowed && (wasListed || trap || score >= options.ListThreshold) && last + options.ListingTtl > now;
}

using ActorTrap.Node.Resolver;
using ActorTrap.Node.Session;

namespace ActorTrap.Node.Reputation.Scoring;

/// <summary>
/// The listing rule as pure functions of their inputs (no clock is read here). Both stores read the old records,
/// apply <see cref="Merge"/> and write the results back in one transaction, and the store contract suite holds each
/// to the same examples.
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
    /// Folds <paramref name="delta"/> into <paramref name="old"/> (null for an address never seen) and decides the
    /// listing: the one place the listing rule lives (both stores call it). The hard score and the virtue are decayed
    /// to the later of the two times and added, so their order does not matter; soft kinds are added to the current
    /// evidence window, or start a new one when the delta is past its end.
    /// </summary>
    public static MergeResult Merge(ReputationRecord? old, EvidenceDelta delta, DateTimeOffset now, ScoringOptions options)
    {
        var at = old is null || delta.Last > old.ScoreAt ? delta.Last : old.ScoreAt;
        var score = Decay(delta.Score, delta.Last, at, options.HalfLife) + (old is null ? 0 : Decay(old.Score, old.ScoreAt, at, options.HalfLife));
        var virtue = Math.Max(options.VirtueFloor,
            Decay(delta.Virtue, delta.Last, at, options.HalfLife) + (old is null ? 0 : Decay(old.Virtue, old.ScoreAt, at, options.HalfLife)));
        var (softKinds, softSince) = (old?.SoftKinds ?? 0, old?.SoftSince);
        if (delta.SoftKinds != 0)
        {
            (softKinds, softSince) = softSince is { } since && delta.Last < since + options.EvidenceWindow
                ? (softKinds | delta.SoftKinds, since)
                : (delta.SoftKinds, delta.First);
        }

        var last = old is null || delta.Last > old.LastSeen ? delta.Last : old.LastSeen;
        var trap = delta.Trap || old?.Trap == true;
        var wasListed = old?.IsListedAt(now) == true;
        var standing = Standing(score, softKinds, softSince, virtue, at, options);
        var reporters = ReporterMark.Union(OldMarks(old), delta.Marks, now, options.ReporterWindow);
        var corroborated = Corroborated(reporters, options);
        // A harvester listing (issue 18) stands only while no trap or behaviour evidence lists the address: those
        // classes block mail and the harvester class does not, so the stronger wins. A lapsed harvester listing is
        // renewed only by a new harvest, not by evidence too weak to list on its own. Harvests are the cluster's own
        // observation and need no other reporter; trap and behaviour evidence lists only when corroborated (consensus).
        var byTrap = trap && corroborated;
        var byBehaviour = (standing >= options.ListThreshold && corroborated) || (wasListed && old!.Class == ListingClass.Behaviour);
        var harvester = !byTrap && !byBehaviour && (delta.Harvester || (wasListed && old!.Harvester));
        var listed = !delta.Allowed && (wasListed || byTrap || harvester || byBehaviour) && last + options.ListingTtl > now;
        var record = new ReputationRecord(
            delta.Address,
            score,
            at,
            old is null || delta.First < old.FirstSeen ? delta.First : old.FirstSeen,
            last,
            (old?.Verdicts ?? 0) + delta.Verdicts,
            old is null ? delta.Reasons : UnionReasons(old.Reasons, delta.Reasons, options.MaxReasons),
            trap,
            delta.Allowed,
            listed ? (wasListed ? old!.ListedAt : now) : null,
            listed ? last + options.ListingTtl : null)
        {
            SoftKinds = softKinds,
            SoftSince = softSince,
            Virtue = virtue,
            Harvester = harvester,
            Reporters = reporters,
        };
        return new MergeResult(record, listed && !wasListed);
    }

    /// <summary>
    /// Issue 18's consensus: the reporters within the window (already filtered) may list an address when one of them
    /// is trusted (the cluster's own sessions always are) or at least <see cref="ScoringOptions.MinReporters"/> distinct
    /// ones reported it. One compromised detector alone can therefore never list anything.
    /// </summary>
    public static bool Corroborated(IReadOnlyList<ReporterMark> reporters, ScoringOptions options)
    {
        ArgumentNullException.ThrowIfNull(reporters);
        ArgumentNullException.ThrowIfNull(options);
        return reporters.Any(r => r.Trusted) || reporters.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count() >= options.MinReporters;
    }

    // A record from before issue 18 names no reporter: its evidence came from the cluster's own sessions.
    private static IReadOnlyList<ReporterMark> OldMarks(ReputationRecord? old) =>
        old is null ? [] : old.Reporters.Count > 0 ? old.Reporters : [ReporterMark.Local(old.LastSeen)];

    /// <summary>
    /// What the listing threshold is compared with: the hard score, plus the soft sins of the current evidence window
    /// (capped) less the virtues, where the virtues can take the soft part to zero and no further.
    /// </summary>
    public static double Standing(double score, int softKinds, DateTimeOffset? softSince, double virtue, DateTimeOffset at, ScoringOptions options)
    {
        return score + Math.Max(0, options.SoftValue(SoftKindsAt(softKinds, softSince, at, options)) + virtue);
    }

    /// <summary>The soft kinds that still count at <paramref name="at"/>: none once the evidence window has ended.</summary>
    public static int SoftKindsAt(int softKinds, DateTimeOffset? softSince, DateTimeOffset at, ScoringOptions options) =>
        softSince is { } since && at < since + options.EvidenceWindow ? softKinds : 0;

    /// <summary><see cref="Standing(double,int,DateTimeOffset?,double,DateTimeOffset,ScoringOptions)"/> of a stored record valued at <paramref name="now"/>.</summary>
    public static double Standing(ReputationRecord record, DateTimeOffset now, ScoringOptions options)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Standing(Decay(record.Score, record.ScoreAt, now, options.HalfLife), record.SoftKinds, record.SoftSince,
            Decay(record.Virtue, record.ScoreAt, now, options.HalfLife), now, options);
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
            b.Last >= a.Last ? b.Allowed : a.Allowed)
        {
            SoftKinds = a.SoftKinds | b.SoftKinds,
            Harvester = a.Harvester || b.Harvester,
            Virtue = Decay(a.Virtue, a.Last, last, halfLife) + Decay(b.Virtue, b.Last, last, halfLife),
            Ids = ConcatIds(a.Ids, b.Ids),
            Reporters = a.Reporters.Count == 0 && b.Reporters.Count == 0 ? [] : ReporterMark.Union(a.Marks, b.Marks, null, TimeSpan.Zero),
        };
    }

    /// <summary>Both deltas' verdict ids: the combined delta carries every verdict, so a store must see every id.</summary>
    private static IReadOnlyList<long> ConcatIds(IReadOnlyList<long> a, IReadOnlyList<long> b) =>
        b.Count == 0 ? a : a.Count == 0 ? b : [.. a, .. b];

    /// <summary>
    /// The evidence one verdict carries (<see cref="SessionEvidence"/>) at its end time, with its sins' wire names and
    /// the DNSBL zones that listed the client as reasons.
    /// </summary>
    public static EvidenceDelta FromVerdict(Verdict verdict, bool allowed, int maxReasons)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var reasons = new List<string>(verdict.Sins.Count + 2);
        foreach (var sin in verdict.Sins)
        {
            reasons.Add(sin.Kind.WireName());
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

        var evidence = SessionEvidence.From(verdict.Sins);
        var address = verdict.Client.IsIPv4MappedToIPv6 ? verdict.Client.MapToIPv4() : verdict.Client;
        var end = TruncateToMilliseconds(verdict.End);
        return new EvidenceDelta(address, evidence.Hard, end, end, 1, NormaliseReasons(reasons, maxReasons), evidence.Trap, allowed)
        {
            SoftKinds = evidence.SoftKinds,
            Virtue = evidence.Virtue,
            Reporters = verdict.ReporterId is { } id ? [new ReporterMark(id, end, verdict.ReporterTrusted)] : [],
        };
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
}

using ActorTrap.Node.Configuration;
using ActorTrap.Node.Reputation.Blacklist;
using ActorTrap.Node.Reputation.Sharding;
using ActorTrap.Node.Reputation.Scoring;
using ActorTrap.Node.Reputation.Spool;
using ActorTrap.Node.Reputation.Store;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Reputation.Shards;

/// <summary>What every shard and the replayer of one node share.</summary>
internal sealed record ShardContext(
    IReputationStore Store,
    DiskSpool Spool,
    LocalBlacklist Blacklist,
    ReputationCounters Counters,
    ReputationOptions Options,
    ScoringOptions Scoring,
    ILogger Logger,
    Action<ListingChange> Announce)
{
    /// <summary>
    /// Brings our blacklist in line with a merge's outcome: this node's copy at once, every node's (this one's again)
    /// by announcement. A listing already in the copy with the same class, reasons and reporters is not announced again
    /// (a refreshed expiry changes nothing a copy serves; the store's expiry chore ends listings).
    /// </summary>
    public void Apply(IReadOnlyList<MergeResult> results, DateTimeOffset now)
    {
        foreach (var result in results)
        {
            var record = result.Record;
            if (record.IsListedAt(now))
            {
                var listing = record.ToListing();
                var known = Blacklist.TryGet(record.Address, out var before) && before!.Class == listing.Class && before.Reasons.SequenceEqual(listing.Reasons)
                    && before.Reporters.SequenceEqual(listing.Reporters);
                Blacklist.Apply(listing);
                if (!known)
                {
                    Announce(ListingChange.Listed(listing));
                }

                if (result.NewlyListed)
                {
                    Counters.ListedOne();
                    Log.Listed(Logger, record.Address.ToString(), record.Class.ToString(), record.Score, string.Join(' ', record.Reasons));
                }
            }
            else if (Blacklist.HasScored(record.Address))
            {
                Blacklist.Remove(record.Address);
                Announce(ListingChange.Delisted(record.Address));
            }
        }
    }

    /// <summary>
    /// Puts a batch into the spool; false when the spool is full and refused it (counted, logged once until the spool
    /// takes a batch again): the batch is then not accepted, and its verdicts stay with their nodes, which resend them.
    /// </summary>
    public bool SpoolBatch(IReadOnlyList<EvidenceDelta> batch)
    {
        if (Spool.Append(batch))
        {
            Counters.Spooled(batch.Count);
            Counters.SpoolFullChanged(false);
            return true;
        }

        Counters.Refused(batch.Sum(d => (long)d.Verdicts));
        if (Counters.SpoolFullChanged(true))
        {
            Log.SpoolFull(Logger, Spool.PendingBytes, Counters.VerdictsRefused);
        }

        return false;
    }

    public void StoreFailed(Exception error)
    {
        if (Counters.StoreError())
        {
            if (error is StoreUnavailableException or OperationCanceledException or TimeoutException)
            {
                Log.StoreUnreachable(Logger, error.Message);
            }
            else
            {
                Log.StoreFailed(Logger, error.GetType().Name + ": " + error.Message);
            }
        }
    }
}

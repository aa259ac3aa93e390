using Microsoft.Extensions.Logging;

namespace ActorTrap.Node;

/// <summary>Reputation events, 3xxx; cluster events, 40xx above the node's own 400x.</summary>
internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Information, "Reputation store {Kind} ready ({Where}); {Shards} shards, {Listings} listings loaded")]
    public static partial void ReputationStarted(ILogger logger, string kind, string where, int shards, int listings);

    [LoggerMessage(3001, LogLevel.Information, "Listed {Address} ({Class}, score {Score:0.###}, reasons {Reasons})")]
    public static partial void Listed(ILogger logger, string address, string @class, double score, string reasons);

    [LoggerMessage(3002, LogLevel.Information, "Listing expiry delisted {Count} addresses")]
    public static partial void Expired(ILogger logger, int count);

    [LoggerMessage(3003, LogLevel.Warning, "Reputation store unreachable, spooling batches to disk: {Reason}")]
    public static partial void StoreUnreachable(ILogger logger, string reason);

    [LoggerMessage(3004, LogLevel.Information, "Reputation store reachable again; spool drained ({Rows} rows replayed so far)")]
    public static partial void StoreRecovered(ILogger logger, long rows);

    [LoggerMessage(3005, LogLevel.Warning, "Spool full ({Bytes} bytes): refusing verdicts until it drains; their nodes keep them and send them again ({Refused} refused since start)")]
    public static partial void SpoolFull(ILogger logger, long bytes, long refused);

    [LoggerMessage(3011, LogLevel.Warning, "Outbox at its bound of {Bound} unaccepted verdicts (the cluster, store and spool are not taking them): dropping new verdicts until it drains")]
    public static partial void OutboxFull(ILogger logger, int bound);

    [LoggerMessage(3012, LogLevel.Information, "Outbox below its bound again; {Dropped} verdicts were dropped unaccepted since start")]
    public static partial void OutboxDrainedBelowBound(ILogger logger, long dropped);

    [LoggerMessage(3006, LogLevel.Information, "Manually listed {Network} by {Actor}: {Reason}")]
    public static partial void ManualListed(ILogger logger, string network, string actor, string reason);

    [LoggerMessage(3013, LogLevel.Information, "Manually listed {Count} networks from an import by {Actor}, expiring {Expires}: {Reason}")]
    public static partial void ManualListedMany(ILogger logger, int count, string actor, string expires, string reason);

    [LoggerMessage(3014, LogLevel.Information, "Manual listing of {Network} ended at its expiry")]
    public static partial void ManualExpired(ILogger logger, string network);

    [LoggerMessage(3007, LogLevel.Information, "Manually delisted {Network} by {Actor} ({Count} scored listings ended): {Reason}")]
    public static partial void ManualDelisted(ILogger logger, string network, string actor, int count, string reason);

    [LoggerMessage(3008, LogLevel.Error, "Reputation store call failed with an unexpected error; the batch is spooled: {Error}")]
    public static partial void StoreFailed(ILogger logger, string error);

    [LoggerMessage(3009, LogLevel.Information, "Replaying {Batches} batches ({Rows} rows) left in the spool")]
    public static partial void SpoolReplaying(ILogger logger, int batches, long rows);

    [LoggerMessage(3010, LogLevel.Warning, "Cluster chore {Chore} failed: {Error}")]
    public static partial void ChoreFailed(ILogger logger, string chore, string error);

    [LoggerMessage(4010, LogLevel.Information, "Joined the cluster as {Node} ({Address}); members up: {Members}")]
    public static partial void ClusterJoined(ILogger logger, string node, string address, int members);

    [LoggerMessage(4011, LogLevel.Warning, "Cluster member {Address} is unreachable")]
    public static partial void MemberUnreachable(ILogger logger, string address);

    [LoggerMessage(4012, LogLevel.Information, "Cluster member {Address} removed (was {Status})")]
    public static partial void MemberRemoved(ILogger logger, string address, string status);

    [LoggerMessage(4013, LogLevel.Information, "This node now runs the cluster chores")]
    public static partial void ChoresAcquired(ILogger logger);

    [LoggerMessage(4014, LogLevel.Information, "This node no longer runs the cluster chores: {Reason}")]
    public static partial void ChoresLost(ILogger logger, string reason);

    [LoggerMessage(4015, LogLevel.Information, "Blacklist copy reloaded from the store: {Count} listings")]
    public static partial void ListingsResynced(ILogger logger, int count);

    [LoggerMessage(4016, LogLevel.Warning, "Could not reload the blacklist copy from the store ({Reason}); retrying in {Retry}")]
    public static partial void ListingsResyncFailed(ILogger logger, string reason, TimeSpan retry);

    [LoggerMessage(4017, LogLevel.Warning, "Verdicts not accepted by the cluster in time; this node writes them itself")]
    public static partial void OutboxWritingLocally(ILogger logger);

    [LoggerMessage(4023, LogLevel.Warning, "This node is no longer a cluster member ({Status}); it writes the {Count} verdicts no entity accepted yet itself")]
    public static partial void OutboxWritingLocallyNotMember(ILogger logger, string status, int count);

    [LoggerMessage(4022, LogLevel.Critical, "Cluster member {Address} has quarantined this node: the cluster removed it while it did not answer (frozen, paused or cut off), so it downs itself rather than run on as a second cluster")]
    public static partial void QuarantinedByMember(ILogger logger, string address);

    [LoggerMessage(4018, LogLevel.Critical, "Node {Node} was downed by the cluster (split-brain resolver or an operator); it stops and exits with code 3, to be restarted as a new member")]
    public static partial void NodeDowned(ILogger logger, string node);

    [LoggerMessage(4020, LogLevel.Information, "Cluster member {Address} is reachable again")]
    public static partial void MemberReachable(ILogger logger, string address);

    [LoggerMessage(4021, LogLevel.Warning, "Node {Node} left the cluster (ctl cluster leave, or Akka's Leave); it stops and exits with code 0, and must be started again to rejoin")]
    public static partial void NodeLeft(ILogger logger, string node);
}

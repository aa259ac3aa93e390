using System.Globalization;
using System.Net;
using Akka.Cluster.Sharding;


namespace ActorTrap.Node.Reputation.Sharding;

/// <summary>
/// Places reputation messages for Akka.Cluster.Sharding: an address's entity lives in shard
/// <c>stable-hash(address) mod shards</c> (<see cref="ShardKey"/>, the same on every node and release), and a
/// <see cref="VerdictBatch"/> goes to its shard's intake entity, which hands each verdict to its address's entity
/// inside the same shard. Every node must use the same <c>actortrap.reputation.shards</c>.
/// </summary>
internal sealed class ReputationExtractor(int shards) : IMessageExtractor
{
    /// <summary>The entity in every shard that receives <see cref="VerdictBatch"/>es (not an address, so never a key's entity).</summary>
    public const string IntakeId = "~intake";

    public int Shards => shards;

    public string? EntityId(object message) => message switch
    {
        VerdictBatch => IntakeId,
        EntityEvidence e => e.EntityId,
        GetEntityState q => q.EntityId,
        _ => null,
    };

    public object? EntityMessage(object message) => message;

    public string? ShardId(object message) => message switch
    {
        VerdictBatch b => ShardText(b.Shard),
        _ when EntityId(message) is { } id => ShardId(id, message),
        _ => null,
    };

    public string ShardId(string entityId, object? messageHint = null) => messageHint switch
    {
        VerdictBatch b => ShardText(b.Shard),
        _ => IPAddress.TryParse(entityId, out var address) ? ShardText(ShardOf(address)) : ShardText(0),
    };

    /// <summary>The shard of <paramref name="address"/>.</summary>
    public int ShardOf(IPAddress address) => ShardKey.Shard(IpKey.From(address), shards);

    /// <summary>The entity id of an address: its normalised text (IPv4 as IPv4).</summary>
    public static string EntityOf(IPAddress address) => Networks.NormaliseAddress(address).ToString();

    private static string ShardText(int shard) => shard.ToString(CultureInfo.InvariantCulture);
}

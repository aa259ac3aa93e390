using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ActorTrap.Cli.Commands.Ctl.Output;

namespace ActorTrap.Cli.Commands.Ctl;

/// <summary>
/// <c>ctl shards regions</c>: each member's shard region from <c>GET /api/shards/regions</c> (shape in
/// docs/operations.md): the shards it hosts and the entities running in each, as Akka's cluster sharding stats say.
/// </summary>
internal static class ShardRegionsCommand
{
    private static readonly JsonColumn[] Columns =
    [
        new("node", "Node", (row, _) => (ShardJsonText.Text(row, "node") ?? "-") + (ShardJsonText.IsTrue(row, "self") ? " *" : "")),
        new("address", "Address"),
        JsonColumn.Right("shardCount", "Shards"),
        JsonColumn.Right("entities", "Entities"),
        new("shards", "Entities per shard", (row, _) => row.TryGetProperty("shards", out var s) && s.ValueKind == JsonValueKind.Array && s.GetArrayLength() > 0
            ? string.Join(", ", s.EnumerateArray().Select(x => $"{x.GetProperty("shard").GetInt32().ToString(CultureInfo.InvariantCulture)}: {JsonFormat.Number(x.GetProperty("entities"))}"))
            : "-"),
        new("failedShards", "No answer", (row, _) => row.TryGetProperty("failedShards", out var f) && f.ValueKind == JsonValueKind.Array && f.GetArrayLength() > 0
            ? string.Join(", ", f.EnumerateArray().Select(x => x.ToString()))
            : "-"),
    ];

    public static Command Create(CtlOptions options)
    {
        var command = new Command("regions", "Show each node's shard region: the shards it hosts and the entities in each");
        CtlAction.Set(command, options, async (_, ctl, cancellationToken) =>
        {
            var reply = await ctl.Client.GetAsync("api/shards/regions", cancellationToken).ConfigureAwait(false);
            if (ctl.Json)
            {
                ctl.WriteJson(reply.Body);
                return;
            }

            var regions = ShardJsonText.Array(reply.Json, "regions", "/api/shards/regions");
            ctl.Console.Write(JsonTable.Build(regions, Columns, reply.NodeTime, "self"));
            var rows = regions.EnumerateArray().ToList();
            ctl.Note($"{rows.Count} region(s) (* this node); {ShardJsonText.Sum(rows, "shardCount")} shard(s) of {ShardJsonText.Number(reply.Json, "shardsConfigured")} allocated, "
                + $"{ShardJsonText.Sum(rows, "entities")} entities (addresses, and each shard's intake)");
            ShardJsonText.NoteUnanswered(ctl, reply.Json);
        });
        return command;
    }
}

using System.CommandLine;
using ActorTrap.Cli.Commands.Ctl.Output;
using Spectre.Console;

namespace ActorTrap.Cli.Commands.Ctl;

/// <summary>
/// <c>ctl shards stats</c>: from <c>GET /api/shards/stats</c> (shape in docs/operations.md), the entities of each
/// shard cluster-wide and the node hosting it, then this node's store writers: verdicts pending, merges, verdicts
/// per second, the last write.
/// </summary>
internal static class ShardStatsCommand
{
    private static readonly JsonColumn[] ShardColumns =
    [
        JsonColumn.Right("shard", "Shard"),
        JsonColumn.Right("entities", "Entities"),
        new("node", "Node"),
        new("address", "Address"),
    ];

    private static readonly JsonColumn[] WriterColumns =
    [
        JsonColumn.Right("writer", "Writer"),
        JsonColumn.Right("pending", "Pending"),
        new("writeInFlight", "Writing"),
        JsonColumn.Right("batches", "Batches"),
        JsonColumn.Right("verdictsIn", "Verdicts"),
        JsonColumn.Right("verdictsPerSecond", "Verdicts/s"),
        JsonColumn.Right("lastWrite", "Last write", (row, now) => JsonColumn.Age("lastWrite")(row, now) is var a && a != "-" ? a + " ago" : a),
    ];

    public static Command Create(CtlOptions options)
    {
        var command = new Command("stats", "Show entities per shard cluster-wide, and this node's store writers: pending, batches, verdicts per second");
        SetStats(command, options);
        return command;
    }

    /// <summary>Makes <paramref name="command"/> show the stats (<c>shards</c> and <c>shards stats</c> both do).</summary>
    public static void SetStats(Command command, CtlOptions options) =>
        CtlAction.Set(command, options, async (_, ctl, cancellationToken) =>
        {
            var reply = await ctl.Client.GetAsync("api/shards/stats", cancellationToken).ConfigureAwait(false);
            if (ctl.Json)
            {
                ctl.WriteJson(reply.Body);
                return;
            }

            var shards = ShardJsonText.Array(reply.Json, "shards", "/api/shards/stats");
            var writers = ShardJsonText.Array(reply.Json, "writers", "/api/shards/stats");
            ctl.Console.Write(JsonTable.Build(shards, ShardColumns, reply.NodeTime));
            ctl.Note($"{ShardJsonText.Number(reply.Json, "shardsAllocated")} of {ShardJsonText.Number(reply.Json, "shardsConfigured")} shards allocated "
                + $"on {ShardJsonText.Number(reply.Json, "regions")} region(s), {ShardJsonText.Number(reply.Json, "entities")} entities (addresses, and each shard's intake)");
            ShardJsonText.NoteUnanswered(ctl, reply.Json);
            ctl.Console.WriteLine();
            ctl.Console.MarkupLine("[bold]This node's store writers[/]");
            ctl.Console.Write(JsonTable.Build(writers, WriterColumns, reply.NodeTime));
            var rows = writers.EnumerateArray().ToList();
            ctl.Note($"{rows.Count} writer(s), {ShardJsonText.Sum(rows, "pending")} verdict(s) pending, {ShardJsonText.Sum(rows, "verdictsIn")} taken since start");
        });
}

using System.CommandLine;
using System.Text.Json;
using ActorTrap.Cli.Commands.Ctl.Output;

namespace ActorTrap.Cli.Commands.Ctl;

/// <summary>
/// <c>ctl shards</c>: this node's reputation shards from <c>GET /api/shards</c> (shape in docs/operations.md):
/// addresses in memory, verdicts taken and per second, evidence pending for the next batch, the last write.
/// </summary>
internal static class ShardsCommand
{
    private static readonly JsonColumn[] Columns =
    [
        JsonColumn.Right("shard", "Shard"),
        JsonColumn.Right("recent", "In memory"),
        JsonColumn.Right("pending", "Pending"),
        new("writeInFlight", "Writing"),
        JsonColumn.Right("verdictsIn", "Verdicts"),
        JsonColumn.Right("verdictsPerSecond", "Verdicts/s"),
        JsonColumn.Right("batches", "Batches"),
        JsonColumn.Right("lastWrite", "Last write", (row, now) => JsonColumn.Age("lastWrite")(row, now) is var a && a != "-" ? a + " ago" : a),
    ];

    public static Command Create(CtlOptions options)
    {
        var command = new Command("shards", "Show reputation shards: addresses in memory, verdicts per second, pending batch, last write");
        CtlAction.Set(command, options, async (_, ctl, cancellationToken) =>
        {
            var reply = await ctl.Client.GetAsync("api/shards", cancellationToken).ConfigureAwait(false);
            if (ctl.Json)
            {
                ctl.WriteJson(reply.Body);
                return;
            }

            var shards = reply.Json.ValueKind == JsonValueKind.Array ? reply.Json
                : reply.Json.TryGetProperty("shards", out var s) && s.ValueKind == JsonValueKind.Array ? s
                : throw CtlException.Node("/api/shards answered without a list of shards");
            ctl.Console.Write(JsonTable.Build(shards, Columns, reply.NodeTime));
            ctl.Note($"{shards.GetArrayLength()} shard(s), {Sum(shards, "recent")} address(es) in memory, {Sum(shards, "pending")} pending");
        });
        return command;
    }

    private static string Sum(JsonElement shards, string property) =>
        shards.EnumerateArray().Sum(s => s.TryGetProperty(property, out var v) && v.TryGetInt64(out var n) ? n : 0)
            .ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}

using System.CommandLine;
using System.Text.Json;
using ActorTrap.Cli.Commands.Ctl.Output;

namespace ActorTrap.Cli.Commands.Ctl;

/// <summary>
/// <c>ctl feed reporters</c>: one row per reporter from <c>GET /api/feed/reporters</c> (shape in docs/udp-feed.md):
/// configured reporters first, then ids a reload removed and <c>unknown</c>. Keys are never part of the answer.
/// </summary>
internal static class FeedReportersCommand
{
    private static readonly JsonColumn[] Columns =
    [
        new("reporter", "Reporter"),
        new("trusted", "Trust", (row, _) => Trust(row)),
        JsonColumn.Right("accepted", "Accepted"),
        JsonColumn.Right("rejected", "Rejected"),
        JsonColumn.Right("ignored", "Ignored"),
        JsonColumn.Right("capped", "Capped"),
        JsonColumn.Right("maxNewPerMinute", "Cap/min"),
        JsonColumn.Right("listings", "Listings"),
        JsonColumn.Right("lastAccepted", "Last accepted", JsonColumn.Age("lastAccepted")),
    ];

    public static void Set(Command command, CtlOptions options) =>
        CtlAction.Set(command, options, async (_, ctl, cancellationToken) =>
        {
            var reply = await ctl.Client.GetAsync("api/feed/reporters", cancellationToken).ConfigureAwait(false);
            if (ctl.Json)
            {
                ctl.WriteJson(reply.Body);
                return;
            }

            var rows = ShardJsonText.Array(reply.Json, "reporters", "/api/feed/reporters");
            ctl.Console.Write(JsonTable.Build(rows, Columns, reply.NodeTime));
            ctl.Note(ShardJsonText.IsTrue(reply.Json, "collector")
                ? $"{rows.GetArrayLength()} reporter(s); lines rejected: bad MAC, stale, replayed, malformed, unknown or revoked key; ignored: special-use or allow-listed addresses"
                : "this node collects no UDP feed (actortrap.publish.udp-feed.listen is empty)");
        });

    private static string Trust(JsonElement row) =>
        !ShardJsonText.IsTrue(row, "configured") ? "not configured"
        : ShardJsonText.IsTrue(row, "revoked") ? "revoked"
        : ShardJsonText.IsTrue(row, "trusted") ? "trusted"
        : $"weight {(row.TryGetProperty("weight", out var w) ? JsonFormat.Number(w) : "?")}";
}

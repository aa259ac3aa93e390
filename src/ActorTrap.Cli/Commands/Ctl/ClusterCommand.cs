using System.CommandLine;
using System.Text.Json;
using ActorTrap.Cli.Commands.Ctl.Output;

namespace ActorTrap.Cli.Commands.Ctl;

/// <summary>
/// <c>ctl cluster</c>: the node registry from <c>GET /api/cluster</c> (shape in docs/operations.md): each member's
/// status, address, roles, uptime, last heartbeat and held connections, and which node holds the cluster chores.
/// </summary>
internal static class ClusterCommand
{
    private static readonly JsonColumn[] Columns =
    [
        new("name", "Node"),
        new("status", "Status"),
        new("address", "Address"),
        new("roles", "Roles"),
        JsonColumn.Right("startedAt", "Uptime", JsonColumn.Age("startedAt")),
        JsonColumn.Right("lastHeartbeat", "Heartbeat", (row, now) => JsonColumn.Age("lastHeartbeat")(row, now) is var a && a != "-" ? a + " ago" : a),
        JsonColumn.Right("held", "Held"),
    ];

    public static Command Create(CtlOptions options)
    {
        var command = new Command("cluster", "Show cluster members: status, address, roles, uptime, held connections; who holds the chores");
        CtlAction.Set(command, options, async (_, ctl, cancellationToken) =>
        {
            var reply = await ctl.Client.GetAsync("api/cluster", cancellationToken).ConfigureAwait(false);
            if (ctl.Json)
            {
                ctl.WriteJson(reply.Body);
                return;
            }

            var root = reply.Json;
            var members = root.ValueKind == JsonValueKind.Array ? root
                : root.TryGetProperty("members", out var m) && m.ValueKind == JsonValueKind.Array ? m
                : throw CtlException.Node("/api/cluster answered without a members list");
            ctl.Console.Write(JsonTable.Build(members, Columns, reply.NodeTime));
            if (root.ValueKind == JsonValueKind.Object)
            {
                ctl.Note(Summary(root, members.GetArrayLength()));
            }
        });
        return command;
    }

    private static string Summary(JsonElement state, int count)
    {
        string? Text(string name) => state.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? SafeText.Plain(v.GetString()!, 100) : null;
        var parts = new List<string> { $"{count} member(s)" };
        if (Text("self") is { } self)
        {
            parts.Add($"this node: {self}");
        }

        if (Text("store") is { } store)
        {
            parts.Add($"store: {store}");
        }

        parts.Add(Text("choreHolder") is { } holder ? $"chores held by {holder}" : "no node holds the chores right now");
        return string.Join(", ", parts);
    }
}

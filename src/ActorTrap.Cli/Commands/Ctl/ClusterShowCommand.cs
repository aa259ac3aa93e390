using System.CommandLine;
using System.Text.Json;
using ActorTrap.Cli.Commands.Ctl.Output;

namespace ActorTrap.Cli.Commands.Ctl;

/// <summary>
/// <c>ctl cluster show</c>: the members from <c>GET /api/cluster</c> (shape in docs/operations.md): Akka address,
/// status, reachability, roles and the leader from Akka's membership; node name, admin address, held clients,
/// uptime and who runs the chores from each member's own answer ("-" when it did not answer); the hash of the settings
/// members should share, only when it differs between them (issue 17).
/// </summary>
internal static class ClusterShowCommand
{
    public static Command Create(CtlOptions options)
    {
        var command = new Command("show", "Show members: address, status, reachability, roles, leader, node name, admin address, held clients, chores");
        SetShow(command, options);
        return command;
    }

    /// <summary>Makes <paramref name="command"/> show the members (<c>cluster</c> and <c>cluster show</c> both do).</summary>
    public static void SetShow(Command command, CtlOptions options) =>
        CtlAction.Set(command, options, async (_, ctl, cancellationToken) =>
        {
            var reply = await ctl.Client.GetAsync("api/cluster", cancellationToken).ConfigureAwait(false);
            if (ctl.Json)
            {
                ctl.WriteJson(reply.Body);
                return;
            }

            var root = reply.Json;
            var members = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("members", out var m) && m.ValueKind == JsonValueKind.Array
                ? m
                : throw CtlException.Node("/api/cluster answered without a members list");
            var leader = Text(root, "leader");
            // The settings members should share are shown only when they differ: then a reload reached some members only.
            var hashes = members.EnumerateArray().Select(r => Text(r, "settingsHash")).OfType<string>().Distinct().Count();
            JsonColumn[] columns = hashes > 1 ? [.. Columns(leader), new("settingsHash", "Settings")] : Columns(leader);
            ctl.Console.Write(JsonTable.Build(members, columns, reply.NodeTime, hashes > 1 ? ["self"] : ["self", "settingsHash"]));
            ctl.Note(Summary(root, members, leader));
            if (hashes > 1)
            {
                ctl.Note($"the members' weights, thresholds and allow-lists differ ({hashes} versions, column Settings): edit the same file on each and reload it (docs/operations.md, \"Reload\")");
            }
        });

    private static JsonColumn[] Columns(string? leader) =>
    [
        new("name", "Node", (row, _) => (Text(row, "name") ?? "-") + (row.TryGetProperty("self", out var s) && s.ValueKind == JsonValueKind.True ? " *" : "")),
        new("address", "Address"),
        new("status", "Status"),
        new("reachable", "Reachable"),
        new("roles", "Roles", (row, _) => row.TryGetProperty("roles", out var r) && r.ValueKind == JsonValueKind.Array && r.GetArrayLength() > 0
            ? string.Join(", ", r.EnumerateArray().Select(x => SafeText.Plain(x.ToString(), 64)))
            : "-"),
        new("leader", "Leader", (row, _) => leader is not null && Text(row, "address") == leader ? "yes" : "-"),
        new("runsChores", "Chores", (row, _) => row.TryGetProperty("runsChores", out var c) && c.ValueKind == JsonValueKind.True ? "yes" : "-"),
        new("adminAddress", "Admin"),
        JsonColumn.Right("held", "Held"),
        JsonColumn.Right("startedAt", "Uptime", JsonColumn.Age("startedAt")),
    ];

    private static string Summary(JsonElement state, JsonElement members, string? leader)
    {
        var rows = members.EnumerateArray().ToList();
        var parts = new List<string>
        {
            $"{rows.Count} member(s), {rows.Count(r => Text(r, "status") == "up")} up, "
                + $"{rows.Count(r => r.TryGetProperty("reachable", out var v) && v.ValueKind == JsonValueKind.False)} unreachable",
            leader is null ? "no leader" : $"leader {NameOf(rows, leader) ?? SafeText.Plain(leader, 100)}",
            Text(state, "choresNode") is { } chores ? $"chores on {SafeText.Plain(chores, 100)}" : "no member says it runs the chores",
        };
        if (Text(state, "self") is { } self)
        {
            parts.Add($"this node (*): {SafeText.Plain(self, 100)}");
        }

        if (Text(state, "store") is { } store)
        {
            parts.Add($"store: {SafeText.Plain(store, 20)}");
        }

        return string.Join("; ", parts);
    }

    private static string? NameOf(List<JsonElement> members, string address) =>
        members.Where(m => Text(m, "address") == address).Select(m => Text(m, "name")).FirstOrDefault();

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

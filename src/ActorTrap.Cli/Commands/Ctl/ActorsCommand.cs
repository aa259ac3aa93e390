using System.CommandLine;
using System.Text.Json;
using ActorTrap.Cli.Commands.Ctl.Output;
using Spectre.Console;

namespace ActorTrap.Cli.Commands.Ctl;

/// <summary>
/// <c>ctl actors [--path P] [--depth N]</c>: the live actor tree from <c>GET /api/actors</c>, one actor a row with its type
/// and mailbox depth (messages waiting), like Petabridge.Cmd's <c>actor hierarchy</c>. Akka keeps no count of messages processed per actor.
/// </summary>
internal static class ActorsCommand
{
    public static Command Create(CtlOptions options)
    {
        var command = new Command("actors", "Show the live actor tree with each actor's type and mailbox depth");
        var path = new Option<string?>("--path") { Description = "Start at this actor, e.g. /user/smtp (default: the root)" };
        var depth = new Option<int?>("--depth")
        {
            Description = "Levels below the start to show (default: all)",
            CustomParser = r => int.TryParse(r.Tokens.Single().Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
                ? n
                : Fail(r, $"--depth takes a whole number of levels, got \"{SafeText.Plain(r.Tokens.Single().Value, 40)}\""),
        };
        command.Options.Add(path);
        command.Options.Add(depth);
        CtlAction.Set(command, options, async (result, ctl, cancellationToken) =>
        {
            var query = Query(result.GetValue(path), result.GetValue(depth));
            var reply = await ctl.Client.GetAsync("api/actors" + query, cancellationToken).ConfigureAwait(false);
            if (ctl.Json)
            {
                ctl.WriteJson(reply.Body);
                return;
            }

            var table = new Table().Border(TableBorder.Simple)
                .AddColumn("Actor").AddColumn("Type").AddColumn(new TableColumn("Mailbox").RightAligned());
            var count = AddRows(table, reply.Json, "", "", isRoot: true);
            ctl.Console.Write(table);
            ctl.Note($"{count} actor(s)");
        });
        return command;
    }

    private static int? Fail(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return null;
    }

    private static string Query(string? path, int? depth)
    {
        if (depth is < 0)
        {
            throw CtlException.Usage("--depth must be 0 or more");
        }

        if (path is not null && !path.StartsWith('/'))
        {
            throw CtlException.Usage($"--path must be an actor path such as /user/smtp, got \"{SafeText.Plain(path, 100)}\"");
        }

        var parts = new List<string>();
        if (path is not null)
        {
            parts.Add("path=" + Uri.EscapeDataString(path));
        }

        if (depth is { } d)
        {
            parts.Add("depth=" + d.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    /// <summary>Depth-first, children in the node's order (by name), with tree guides in the first column.</summary>
    private static int AddRows(Table table, JsonElement actor, string indent, string branch, bool isRoot)
    {
        var path = actor.TryGetProperty("path", out var p) ? p.GetString() ?? "?" : "?";
        var name = isRoot ? path : path[(path.LastIndexOf('/') + 1)..];
        table.AddRow(
            SafeText.Cell(indent + branch + name),
            SafeText.Cell(actor.TryGetProperty("actorType", out var t) ? t.GetString() ?? "" : ""),
            SafeText.Cell(actor.TryGetProperty("mailboxDepth", out var m) ? JsonFormat.Number(m) : "-"));

        var count = 1;
        if (!actor.TryGetProperty("children", out var children) || children.ValueKind != JsonValueKind.Array)
        {
            return count;
        }

        var childIndent = isRoot ? "" : indent + (branch == "└─ " ? "   " : "│  ");
        var list = children.EnumerateArray().ToList();
        for (var i = 0; i < list.Count; i++)
        {
            count += AddRows(table, list[i], childIndent, i == list.Count - 1 ? "└─ " : "├─ ", isRoot: false);
        }

        return count;
    }
}

using System.CommandLine;
using System.Text.Json;
using ActorTrap.Cli.Commands.Ctl.Output;
using Spectre.Console;

namespace ActorTrap.Cli.Commands.Ctl;

/// <summary>
/// <c>ctl reload</c>: <c>POST /api/reload</c>, the node's SIGHUP through the admin API. Prints the keys now in effect
/// and those that need a restart; a configuration that does not validate is refused by the node (exit 1, its errors
/// printed) and the running one stays.
/// </summary>
internal static class ReloadCommand
{
    public static Command Create(CtlOptions options)
    {
        var command = new Command("reload", "Make the node read its configuration file again (as SIGHUP): zones, weights, allow-lists, traps, feed key");
        CtlAction.Set(command, options, async (_, ctl, cancellationToken) =>
        {
            var reply = await ctl.Client.PostJsonAsync("api/reload", new { }, cancellationToken).ConfigureAwait(false);
            if (ctl.Json)
            {
                ctl.WriteJson(reply.Body);
                return;
            }

            var reloaded = Keys(reply.Json, "reloaded");
            ctl.Console.MarkupLine(SafeText.Markup(reloaded.Count == 0 ? "reloaded: no reloadable key changed" : "reloaded: " + string.Join(", ", reloaded), 2000));
            foreach (var key in Keys(reply.Json, "needRestart"))
            {
                ctl.Note($"{key} changed but needs a restart; the node keeps the value it started with");
            }
        });
        return command;
    }

    private static List<string> Keys(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? [.. v.EnumerateArray().Where(k => k.ValueKind == JsonValueKind.String).Select(k => SafeText.Plain(k.GetString()!, 200))]
            : [];
}

using System.CommandLine;
using ActorTrap.Cli.Commands.Ctl.Output;
using Spectre.Console;

namespace ActorTrap.Cli.Commands.Ctl;

/// <summary>
/// <c>ctl list IP --reason TEXT [--expires 7d]</c> and <c>ctl delist IP --reason TEXT</c>: <c>POST /api/list</c> or
/// <c>/api/delist</c> with <c>{"ip", "reason", "actor"}</c> (and <c>expiresAfterSeconds</c>). IP may be a CIDR network.
/// The reason is required: it goes to the audit trail. A delist that finds nothing listed exits
/// <see cref="CtlException.NotListed"/> (3), so a script can tell it from one that removed something.
/// </summary>
internal static class ManualListingCommand
{
    /// <summary>The node cuts longer reasons; refusing them here says so instead of storing half a sentence.</summary>
    internal const int MaxReasonChars = 200;

    public static Command List(CtlOptions options) =>
        Create(options, "list", "List an address or network by hand until delisted or --expires (every node answers it within a second)", "api/list", "listed");

    public static Command Delist(CtlOptions options) =>
        Create(options, "delist", "Remove a manual listing and end the scored listings inside the network", "api/delist", "delisted");

    private static Command Create(CtlOptions options, string name, string description, string path, string done)
    {
        var command = new Command(name, description);
        var ip = new Argument<string>("ip") { Description = "Address or CIDR network, e.g. 192.0.2.7 or 192.0.2.0/24" };
        var reason = new Option<string?>("--reason", "-r") { Description = "Why (recorded with who did it and when); required" };
        var expires = ExpiryInput.Option();
        command.Arguments.Add(ip);
        command.Options.Add(reason);
        if (name == "list")
        {
            command.Options.Add(expires);
        }

        CtlAction.Set(command, options, async (result, ctl, cancellationToken) =>
        {
            var network = AddressInput.Network(result.GetValue(ip)!, "ip", exact: true);
            var why = Reason(result.GetValue(reason), name);
            var after = name == "list" ? ExpiryInput.Seconds(result.GetValue(expires)) : null;
            var target = network.PrefixLength == (network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)
                ? network.BaseAddress.ToString()
                : network.ToString();
            var reply = await ctl.Client.PostJsonAsync(path, new { ip = target, reason = why, actor = Actor(), expiresAfterSeconds = after }, cancellationToken)
                .ConfigureAwait(false);
            var nothing = name == "delist" && NothingDelisted(reply);
            if (ctl.Json)
            {
                ctl.WriteJson(reply.Body);
            }
            else if (!nothing)
            {
                ctl.Console.MarkupLine($"{done} [bold]{SafeText.Markup(target)}[/]: {SafeText.Markup(why)}");
                ctl.Console.Write(RecordView.Build(reply.Json, reply.NodeTime));
            }

            if (nothing)
            {
                throw new CtlException($"{target} was not listed: no manual listing of it and no scored listing inside it; nothing was delisted", CtlException.NotListed);
            }
        });
        return command;
    }

    /// <summary>The node's answer to a delist removed neither a manual listing nor a scored one.</summary>
    private static bool NothingDelisted(AdminReply reply) =>
        reply.Json.TryGetProperty("manualRemoved", out var removed) && removed.ValueKind == System.Text.Json.JsonValueKind.False
        && reply.Json.TryGetProperty("delisted", out var delisted) && delisted.ValueKind == System.Text.Json.JsonValueKind.Array
        && delisted.GetArrayLength() == 0;

    /// <summary>The required --reason, checked here so a slip is exit 2 before anything reaches the node.</summary>
    internal static string Reason(string? text, string command)
    {
        var why = text?.Trim();
        if (string.IsNullOrEmpty(why))
        {
            throw CtlException.Usage($"{command} needs --reason TEXT (it is kept in the audit trail)");
        }

        if (why.Length > MaxReasonChars || why.Any(char.IsControl))
        {
            throw CtlException.Usage($"--reason must be one line of at most {MaxReasonChars} characters");
        }

        return why;
    }

    /// <summary>Who did it, for the audit trail: the operator's login and machine.</summary>
    internal static string Actor() => $"{Environment.UserName}@{Environment.MachineName} via actortrap ctl";
}

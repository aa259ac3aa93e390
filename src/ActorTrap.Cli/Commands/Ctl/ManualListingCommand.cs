using System.CommandLine;
using ActorTrap.Cli.Commands.Ctl.Output;
using Spectre.Console;

namespace ActorTrap.Cli.Commands.Ctl;

/// <summary>
/// <c>ctl list IP --reason TEXT</c> and <c>ctl delist IP --reason TEXT</c>: <c>POST /api/list</c> or <c>/api/delist</c>
/// with <c>{"ip", "reason", "actor"}</c>. IP may be a CIDR network. The reason is required: it goes to the audit trail.
/// </summary>
internal static class ManualListingCommand
{
    /// <summary>The node cuts longer reasons; refusing them here says so instead of storing half a sentence.</summary>
    private const int MaxReasonChars = 200;

    public static Command List(CtlOptions options) =>
        Create(options, "list", "List an address or network by hand until delisted (every node answers it within a second)", "api/list", "listed");

    public static Command Delist(CtlOptions options) =>
        Create(options, "delist", "Remove a manual listing and end the scored listings inside the network", "api/delist", "delisted");

    private static Command Create(CtlOptions options, string name, string description, string path, string done)
    {
        var command = new Command(name, description);
        var ip = new Argument<string>("ip") { Description = "Address or CIDR network, e.g. 192.0.2.7 or 192.0.2.0/24" };
        var reason = new Option<string?>("--reason", "-r") { Description = "Why (recorded with who did it and when); required" };
        command.Arguments.Add(ip);
        command.Options.Add(reason);
        CtlAction.Set(command, options, async (result, ctl, cancellationToken) =>
        {
            var network = AddressInput.Network(result.GetValue(ip)!, "ip", exact: true);
            var why = result.GetValue(reason)?.Trim();
            if (string.IsNullOrEmpty(why))
            {
                throw CtlException.Usage($"{name} needs --reason TEXT (it is kept in the audit trail)");
            }

            if (why.Length > MaxReasonChars || why.Any(char.IsControl))
            {
                throw CtlException.Usage($"--reason must be one line of at most {MaxReasonChars} characters");
            }

            var target = network.PrefixLength == (network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)
                ? network.BaseAddress.ToString()
                : network.ToString();
            var reply = await ctl.Client.PostJsonAsync(path, new { ip = target, reason = why, actor = Actor() }, cancellationToken).ConfigureAwait(false);
            if (ctl.Json)
            {
                ctl.WriteJson(reply.Body);
                return;
            }

            ctl.Console.MarkupLine($"{done} [bold]{SafeText.Markup(target)}[/]: {SafeText.Markup(why)}");
            ctl.Console.Write(RecordView.Build(reply.Json, reply.NodeTime));
        });
        return command;
    }

    /// <summary>Who did it, for the audit trail: the operator's login and machine.</summary>
    private static string Actor() => $"{Environment.UserName}@{Environment.MachineName} via actortrap ctl";
}

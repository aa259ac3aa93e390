using System.CommandLine;
using System.Text.Json;
using ActorTrap.Cli.Commands.Ctl.Output;
using Spectre.Console;

namespace ActorTrap.Cli.Commands.Ctl;

/// <summary>
/// <c>ctl cluster leave|down|join ADDRESS</c>: <c>POST /api/cluster/leave</c>, <c>/down</c> or <c>/join</c> with
/// <c>{"address"}</c>. ADDRESS is a member's Akka address as <c>cluster show</c> prints it, or host:port; a malformed one
/// is refused here (exit 2). The node answers once Akka has the request; what follows (hand-over, removal, the
/// member's process ending) takes seconds, and <c>cluster show</c> follows it.
/// </summary>
internal static class ClusterMemberCommand
{
    public static Command Leave(CtlOptions options) => Create(options, "leave",
        "Make a member leave: it hands its shards over, leaves, and its node stops (exit 0)",
        (address, status, _) => $"leave sent for {address} (was {status}): it hands its shards over to the other members, leaves, and its node stops; follow it with ctl cluster show");

    public static Command Down(CtlOptions options) => Create(options, "down",
        "Down a member that is gone or stuck: the cluster removes it without a hand-over; if it still runs it stops (exit 3)",
        (address, status, _) => $"down sent for {address} (was {status}): the cluster removes it without a hand-over, and its node stops if it still runs; follow it with ctl cluster show");

    public static Command Join(CtlOptions options) => Create(options, "join",
        "Join this node (one that is not a member yet, e.g. stuck on absent seeds) to the cluster of a member",
        (address, _, self) => $"join sent: this node ({self}) joins the cluster of {address}; ctl cluster show lists it joining, then up");

    private static Command Create(CtlOptions options, string name, string description, Func<string, string, string, string> done)
    {
        var command = new Command(name, description);
        var address = new Argument<string>("address") { Description = "The member's Akka address as 'cluster show' prints it (akka.tcp://actortrap@host:port), or host:port" };
        command.Arguments.Add(address);
        CtlAction.Set(command, options, async (result, ctl, cancellationToken) =>
        {
            var target = AddressInput.Member(result.GetValue(address)!, "address");
            var reply = await ctl.Client.PostJsonAsync("api/cluster/" + name, new { address = target }, cancellationToken).ConfigureAwait(false);
            if (ctl.Json)
            {
                ctl.WriteJson(reply.Body);
                return;
            }

            var sent = Text(reply.Json, "address") ?? target;
            var self = Text(reply.Json, "self") ?? "?";
            ctl.Console.MarkupLine(SafeText.Markup(done(sent, Text(reply.Json, "status") ?? "-", self), 600));
            if (name != "join" && sent == self)
            {
                ctl.Note("that is the node this ctl talks to: its admin API goes away as it stops");
            }
        });
        return command;
    }

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? SafeText.Plain(v.GetString()!, 200) : null;
}

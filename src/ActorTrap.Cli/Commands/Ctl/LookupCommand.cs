using System.CommandLine;
using ActorTrap.Cli.Commands.Ctl.Output;

namespace ActorTrap.Cli.Commands.Ctl;

/// <summary>
/// <c>ctl lookup IP</c>: what the node knows about one address from <c>GET /api/lookup/{ip}</c>: reputation (score,
/// listed, reasons, first and last seen) and the DNSBL results.
/// </summary>
internal static class LookupCommand
{
    public static Command Create(CtlOptions options)
    {
        var command = new Command("lookup", "Show an address's reputation (score, listing, reasons, first/last seen) and DNSBL results");
        var ip = new Argument<string>("ip") { Description = "IPv4 or IPv6 address" };
        command.Arguments.Add(ip);
        CtlAction.Set(command, options, async (result, ctl, cancellationToken) =>
        {
            var address = AddressInput.Address(result.GetValue(ip)!, "ip");
            var reply = await ctl.Client.GetAsync("api/lookup/" + Uri.EscapeDataString(address.ToString()), cancellationToken).ConfigureAwait(false);
            if (ctl.Json)
            {
                ctl.WriteJson(reply.Body);
                return;
            }

            ctl.Console.Write(RecordView.Build(reply.Json, reply.NodeTime, address.ToString()));
        });
        return command;
    }
}

using System.CommandLine;
using System.Runtime.InteropServices;
using ActorTrap.Cli.Commands.Ctl.Output;

namespace ActorTrap.Cli.Commands.Ctl;

/// <summary>
/// <c>ctl sessions [--held] [--ip CIDR] [--watch [--count N]]</c>: the live SMTP sessions from <c>GET /api/sessions</c>:
/// client, state, age, time held, bytes trickled, sins so far. <c>--watch</c> refreshes every 2 s until Ctrl-C.
/// </summary>
internal static class SessionsCommand
{
    /// <summary>Refresh period of --watch: often enough to see holds and trickles move, rare enough to cost the node nothing.</summary>
    private static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(2);

    private static readonly JsonColumn[] Columns =
    [
        JsonColumn.Right("id", "Id"),
        new("client", "Client"),
        new("state", "State"),
        JsonColumn.Right("started", "Age", JsonColumn.Age("started")),
        JsonColumn.Right("heldSince", "Held", JsonColumn.Age("heldSince")),
        JsonColumn.Right("bytesTrickled", "Trickled"),
        new("sins", "Sins"),
        new("helo", "HELO"),
    ];

    public static Command Create(CtlOptions options)
    {
        var command = new Command("sessions", "Show live SMTP sessions: client, state, time held, bytes trickled, sins so far");
        var held = new Option<bool>("--held") { Description = "Only held (listed) clients" };
        var ip = new Option<string?>("--ip") { Description = "Only clients in this address or CIDR network, e.g. 192.0.2.0/24" };
        var watch = new Option<bool>("--watch", "-w") { Description = $"Refresh every {WatchInterval.TotalSeconds:0} s until Ctrl-C" };
        var count = new Option<int>("--count") { Description = "With --watch: stop after this many refreshes (default: until Ctrl-C)" };
        command.Options.Add(held);
        command.Options.Add(ip);
        command.Options.Add(watch);
        command.Options.Add(count);
        CtlAction.Set(command, options, async (result, ctl, cancellationToken) =>
        {
            var path = "api/sessions" + Query(result.GetValue(held), result.GetValue(ip));
            var refreshes = result.GetValue(count);
            if (refreshes < 0 || (refreshes > 0 && !result.GetValue(watch)))
            {
                throw CtlException.Usage("--count takes a positive number and goes with --watch");
            }

            if (!result.GetValue(watch))
            {
                Show(ctl, await ctl.Client.GetAsync(path, cancellationToken).ConfigureAwait(false), header: null);
                return;
            }

            await WatchAsync(ctl, path, refreshes, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static string Query(bool held, string? ip)
    {
        var parts = new List<string>();
        if (held)
        {
            parts.Add("held=true");
        }

        if (ip is not null)
        {
            parts.Add("ip=" + Uri.EscapeDataString(AddressInput.Network(ip, "--ip", exact: false).ToString()));
        }

        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    private static async Task WatchAsync(CtlContext ctl, string path, int refreshes, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Ctrl-C ends the watch normally (exit 0); System.CommandLine's own handler is off for the whole CLI.
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        for (var i = 0; refreshes == 0 || i < refreshes; i++)
        {
            try
            {
                if (i > 0)
                {
                    await Task.Delay(WatchInterval, stop.Token).ConfigureAwait(false);
                }

                var reply = await ctl.Client.GetAsync(path, stop.Token).ConfigureAwait(false);
                if (!ctl.Json && ctl.Console.Profile.Capabilities.Interactive && !Console.IsOutputRedirected)
                {
                    ctl.Console.Clear(home: true);
                }

                Show(ctl, reply, $"{reply.NodeTime.ToUniversalTime():HH:mm:ss}Z /{path}, every {WatchInterval.TotalSeconds:0} s, Ctrl-C to stop");
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private static void Show(CtlContext ctl, AdminReply reply, string? header)
    {
        if (ctl.Json)
        {
            ctl.WriteJson(reply.Body); // one document per line, also under --watch
            return;
        }

        if (header is not null)
        {
            ctl.Note(header);
        }

        ctl.Console.Write(JsonTable.Build(reply.Json, Columns, reply.NodeTime, "path"));
        var rows = reply.Json.GetArrayLength();
        var heldRows = reply.Json.EnumerateArray().Count(s => s.TryGetProperty("heldSince", out var h) && h.ValueKind == System.Text.Json.JsonValueKind.String);
        ctl.Note($"{rows} session(s), {heldRows} held");
    }
}

using System.CommandLine;
using System.Text;
using ActorTrap.Cli.Commands.Ctl.Output;
using Spectre.Console;

namespace ActorTrap.Cli.Commands.Ctl;

/// <summary>
/// <c>ctl stats</c>: counters since start, one section per stage (<see cref="StatsSection.All"/>). <c>--json</c> prints
/// one object with a property per section the node serves, e.g. <c>{"smtp": {...}, "dns": {...}}</c>.
/// </summary>
internal static class StatsCommand
{
    public static Command Create(CtlOptions options)
    {
        var command = new Command("stats", "Show counters since start: connections, held now, verdicts, and each stage's section");
        CtlAction.Set(command, options, async (_, ctl, cancellationToken) =>
        {
            var served = new List<(StatsSection Section, AdminReply Reply)>();
            var missing = new List<string>();
            foreach (var section in StatsSection.All)
            {
                var reply = section.Required
                    ? await ctl.Client.GetAsync(section.Path, cancellationToken).ConfigureAwait(false)
                    : await ctl.Client.GetIfServedAsync(section.Path, cancellationToken).ConfigureAwait(false);
                if (reply is null)
                {
                    missing.Add("/" + section.Path);
                }
                else
                {
                    served.Add((section, reply));
                }
            }

            if (ctl.Json)
            {
                ctl.WriteJson(Combine(served));
                return;
            }

            var first = true;
            foreach (var (section, reply) in served)
            {
                if (!first)
                {
                    ctl.Console.WriteLine();
                }

                ctl.Console.Write(RecordView.Build(reply.Json, reply.NodeTime, section.Title));
                first = false;
            }

            if (missing.Count > 0)
            {
                ctl.Note($"not served by this node yet: {string.Join(", ", missing)}");
            }
        });
        return command;
    }

    /// <summary>The sections' bodies as they came, under their keys: no re-serialisation, so numbers keep their text.</summary>
    private static string Combine(List<(StatsSection Section, AdminReply Reply)> served)
    {
        var b = new StringBuilder("{");
        foreach (var (section, reply) in served)
        {
            if (b.Length > 1)
            {
                b.Append(',');
            }

            b.Append('"').Append(section.Key).Append("\":").Append(reply.Body.Trim());
        }

        return b.Append('}').ToString();
    }
}

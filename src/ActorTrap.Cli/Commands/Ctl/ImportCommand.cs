using System.CommandLine;
using System.Net.Sockets;
using ActorTrap.Cli.Commands.Ctl.Output;
using Spectre.Console;

namespace ActorTrap.Cli.Commands.Ctl;

/// <summary>
/// <c>ctl import FILE --reason TEXT [--expires 7d]</c>: lists every address or CIDR network of a file (one a line;
/// <c>#</c> starts a comment; blank lines are skipped; <c>-</c> reads stdin) with one reason, through
/// <c>POST /api/list/import</c>, which lists them in one store transaction. Every line is checked first: any bad line
/// is reported as <c>FILE:LINE: why</c> and nothing is sent (exit 2), so a file is never half applied.
/// </summary>
internal static class ImportCommand
{
    /// <summary>The node's bound (ReputationAdminRoutes.MaxImportEntries): checked here to say so before sending.</summary>
    private const int MaxEntries = 100_000;

    /// <summary>Bad lines printed before "and N more": enough to fix a file, not a screenful of one mistake.</summary>
    private const int MaxReported = 20;

    public static Command Create(CtlOptions options)
    {
        var command = new Command("import", "List every address or CIDR network of a file (one a line, # comments) with one reason, all or none");
        var file = new Argument<string>("file") { Description = "The list file, or - for stdin" };
        var reason = new Option<string?>("--reason", "-r") { Description = "Why (recorded with each listing, who and when); required" };
        var expires = ExpiryInput.Option();
        command.Arguments.Add(file);
        command.Options.Add(reason);
        command.Options.Add(expires);
        CtlAction.Set(command, options, async (result, ctl, cancellationToken) =>
        {
            var path = result.GetValue(file)!;
            var why = ManualListingCommand.Reason(result.GetValue(reason), "import");
            var after = ExpiryInput.Seconds(result.GetValue(expires));
            var entries = Read(path, await ReadLinesAsync(path, cancellationToken).ConfigureAwait(false));
            var reply = await ctl.Client.PostJsonAsync("api/list/import", new { ips = entries, reason = why, actor = ManualListingCommand.Actor(), expiresAfterSeconds = after },
                cancellationToken).ConfigureAwait(false);
            if (ctl.Json)
            {
                ctl.WriteJson(reply.Body);
                return;
            }

            ctl.Console.MarkupLine($"imported [bold]{entries.Count}[/] listing(s) from {SafeText.Markup(path)}: {SafeText.Markup(why)}");
            ctl.Console.Write(RecordView.Build(reply.Json, reply.NodeTime));
        });
        return command;
    }

    private static async Task<string[]> ReadLinesAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return path == "-"
                ? (await Console.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false)).Split('\n')
                : await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CtlException.Usage($"cannot read {SafeText.Plain(path, 200)}: {SafeText.Plain(e.Message, 200)}");
        }
    }

    /// <summary>The entries of the file as the node takes them; every bad line reported with its number, or none sent.</summary>
    internal static List<string> Read(string path, IReadOnlyList<string> lines)
    {
        var entries = new List<string>();
        var errors = new List<string>();
        for (var i = 0; i < lines.Count; i++)
        {
            var hash = lines[i].IndexOf('#', StringComparison.Ordinal);
            var text = (hash < 0 ? lines[i] : lines[i][..hash]).Trim();
            if (text.Length == 0)
            {
                continue;
            }

            try
            {
                var network = AddressInput.Network(text, "entry", exact: true);
                entries.Add(network.PrefixLength == (network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128)
                    ? network.BaseAddress.ToString()
                    : network.ToString());
            }
            catch (CtlException e)
            {
                errors.Add($"{path}:{i + 1}: {e.Message}");
            }
        }

        if (errors.Count > 0)
        {
            var shown = errors.Take(MaxReported).ToList();
            if (errors.Count > MaxReported)
            {
                shown.Add($"... and {errors.Count - MaxReported} more bad line(s)");
            }

            throw CtlException.Usage($"{errors.Count} bad line(s) in {SafeText.Plain(path, 200)}; nothing was listed:\n{string.Join('\n', shown)}");
        }

        if (entries.Count == 0)
        {
            throw CtlException.Usage($"{SafeText.Plain(path, 200)} has no address or network to list");
        }

        return entries.Count > MaxEntries
            ? throw CtlException.Usage($"{entries.Count} entries in {SafeText.Plain(path, 200)}; at most {MaxEntries} per import: split the file")
            : entries;
    }
}

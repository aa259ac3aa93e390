using System.CommandLine;
using ActorTrap.Cli.Commands.Ctl.Output;

namespace ActorTrap.Cli.Commands.Ctl;

/// <summary>
/// Runs one <c>ctl</c> command: resolves the node and the token, runs it, and turns every failure into one line on
/// stderr (<c>actortrap ctl: ...</c>) and the exit code: 1 for the node or the API, 2 for what the user typed.
/// </summary>
internal static class CtlAction
{
    public static void Set(Command command, CtlOptions options, Func<ParseResult, CtlContext, CancellationToken, Task> run) =>
        command.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                var endpoint = AdminEndpoint.Resolve(result.GetValue(options.Admin), result.GetValue(options.Token), Environment.GetEnvironmentVariable);
                using var client = new AdminClient(endpoint);
                var context = new CtlContext(client, result.GetValue(options.Json), CtlConsole.Create(), Console.Out);
                await run(result, context, cancellationToken).ConfigureAwait(false);
                return 0;
            }
            catch (CtlException e)
            {
                await Console.Error.WriteLineAsync($"actortrap ctl: {e.Message}").ConfigureAwait(false);
                return e.ExitCode;
            }
            catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException)
            {
                // JsonElement accessors throw these when a property has another type than this client expects:
                // a node of another version, not a bug worth a stack trace.
                await Console.Error.WriteLineAsync($"actortrap ctl: the node's answer has a shape this client does not understand ({SafeText.Plain(e.Message, 200)})").ConfigureAwait(false);
                return CtlException.NodeError;
            }
        });

    /// <summary>
    /// Parse errors in a <c>ctl</c> command (unknown option, missing argument, --depth abc) are usage errors: one line
    /// per error and exit 2, instead of System.CommandLine's help text and exit 1, which scripts cannot tell from a
    /// node error.
    /// </summary>
    public static bool TryReportUsage(ParseResult result, TextWriter stderr, out int exitCode)
    {
        exitCode = 0;
        if (result.Errors.Count == 0 || !CtlCommand.IsCtl(result))
        {
            return false;
        }

        foreach (var error in result.Errors)
        {
            stderr.WriteLine($"actortrap ctl: {SafeText.Plain(error.Message, 300)} (see actortrap ctl --help)");
        }

        exitCode = CtlException.UsageError;
        return true;
    }
}

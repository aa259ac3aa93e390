using System.CommandLine;
using ActorTrap.Cli.Commands;
using ActorTrap.Cli.Commands.Ctl;

// `run` handles SIGINT/SIGTERM itself and stops the node in order within actortrap.actors.shutdown-timeout,
// so System.CommandLine's own handler, which force-exits after 2 s, is switched off.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
var parsed = CliApp.Build().Parse(args);
if (CtlAction.TryReportUsage(parsed, Console.Error, out var usageExit))
{
    return usageExit;
}

return await parsed.InvokeAsync(invocation).ConfigureAwait(false);

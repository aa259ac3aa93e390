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

var code = await parsed.InvokeAsync(invocation).ConfigureAwait(false);
// A usage error (unknown option, missing argument) exits 2, like a configuration error, so scripts can tell it
// from a verb's own "no" (1), e.g. `lookup` finding the address listed.
return parsed.Errors.Count > 0 ? 2 : code;

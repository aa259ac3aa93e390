using System.CommandLine;
using ActorTrap.Cli.Commands;

// `run` handles SIGINT/SIGTERM itself and stops the node in order within actortrap.actors.shutdown-timeout,
// so System.CommandLine's own handler, which force-exits after 2 s, is switched off.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
return await CliApp.Build().Parse(args).InvokeAsync(invocation).ConfigureAwait(false);

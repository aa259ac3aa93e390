using System.CommandLine;
using System.Runtime.InteropServices;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Hosting;

namespace ActorTrap.Cli.Commands;

/// <summary>
/// <c>actortrap run</c>: loads and validates the configuration, starts a node and runs it until SIGINT or
/// SIGTERM (SIGHUP reloads it), then shuts it down within the configured shutdown timeout. Exit 2 on a configuration error.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var run = new Command("run", "Run an ActorTrap node");
        var options = new ConfigOptions();
        options.AddTo(run);
        var logFormat = new Option<string?>("--log-format") { Description = "text or json (default: actortrap.log.format, text)" };
        logFormat.AcceptOnlyFromAmong("text", "json");
        run.Options.Add(logFormat);
        run.SetAction(async (result, _) =>
        {
            var sources = options.Read(result);
            var loaded = NodeConfig.Load(sources, Environment.GetEnvironmentVariable);
            if (loaded.Errors.Count > 0 || loaded.Settings is null)
            {
                foreach (var error in loaded.Errors)
                {
                    Console.Error.WriteLine(error.ToString());
                }

                Console.Error.WriteLine("actortrap run: the configuration has errors; nothing was started");
                return 2;
            }

            using var stop = new CancellationTokenSource();
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; stop.Cancel(); });
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => { ctx.Cancel = true; stop.Cancel(); });
            // SIGHUP (systemctl reload) reads the same file and overrides again; see docs/operations.md, "Reload".
            return await NodeRunner.RunAsync(loaded, result.GetValue(logFormat) is { } format ? format == "json" : null, stop.Token,
                () => NodeConfig.Load(sources, Environment.GetEnvironmentVariable)).ConfigureAwait(false);
        });
        return run;
    }
}

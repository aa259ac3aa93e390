using System.CommandLine;
using ActorTrap.Node.Configuration;

namespace ActorTrap.Cli.Commands;

/// <summary>
/// <c>actortrap config check [FILE]</c>: prints the effective configuration, or every error as
/// <c>file:line:column: message</c> on stderr and exits 1. Meant for CI pipelines and pre-deploy hooks.
/// </summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var check = new Command("check", "Validate a configuration and print the effective result");
        var file = new Argument<FileInfo?>("file") { Description = "HOCON file to check (default: only the reference configuration)", Arity = ArgumentArity.ZeroOrOne };
        var options = new ConfigOptions();
        check.Arguments.Add(file);
        options.AddTo(check);
        check.SetAction(result =>
        {
            var loaded = NodeConfig.Load(options.Read(result, result.GetValue(file)), Environment.GetEnvironmentVariable);
            if (loaded.Errors.Count > 0)
            {
                foreach (var error in loaded.Errors)
                {
                    Console.Error.WriteLine(error.ToString());
                }

                Console.Error.WriteLine($"config check: {loaded.Errors.Count} error(s)");
                return 1;
            }

            Console.Out.Write(loaded.Render());
            return 0;
        });

        var config = new Command("config", "Work with configuration files");
        config.Subcommands.Add(check);
        return config;
    }
}

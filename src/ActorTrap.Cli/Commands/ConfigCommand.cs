using ActorTrap.Node.Hosting.Actors;
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
            var errors = loaded.Errors.ToList();
            // Akka's settings are Akka's to judge: start an actor system with them (no listeners, no actors of ours).
            if (errors.Count == 0 && loaded.Settings is { } settings && NodeActorSystem.Check(settings.Actors) is { } refused)
            {
                errors.Add(new ConfigError("akka", "Akka refused these settings: " + refused));
            }

            if (errors.Count > 0)
            {
                foreach (var error in errors)
                {
                    Console.Error.WriteLine(error.ToString());
                }

                Console.Error.WriteLine($"config check: {errors.Count} error(s)");
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

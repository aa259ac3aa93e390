using ActorTrap.Node.Hosting.Actors;
using System.CommandLine;
using ActorTrap.Node.Configuration;

namespace ActorTrap.Cli.Commands;

/// <summary>
/// <c>actortrap config check [FILE] [--print]</c>: every error as <c>file:line:column: message</c> on stderr and exit 1,
/// or exit 0; either way the last line is the verdict (<c>config check: configuration OK (...)</c> on stdout,
/// <c>config check: N error(s)</c> on stderr), so a CI log shows the outcome at its end. The effective configuration
/// (some 170 lines, secrets redacted) is printed only with <c>--print</c>.
/// </summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var check = new Command("check", "Validate a configuration and print the effective result");
        var file = new Argument<FileInfo?>("file") { Description = "HOCON file to check (default: only the reference configuration)", Arity = ArgumentArity.ZeroOrOne };
        var print = new Option<bool>("--print") { Description = "Also print the effective configuration (secrets redacted) before the verdict" };
        var options = new ConfigOptions();
        check.Arguments.Add(file);
        check.Options.Add(print);
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

            if (result.GetValue(print))
            {
                Console.Out.Write(loaded.Render());
            }

            Console.Out.WriteLine($"config check: configuration OK ({loaded.SourceDescription})");
            return 0;
        });

        var config = new Command("config", "Work with configuration files");
        config.Subcommands.Add(check);
        return config;
    }
}

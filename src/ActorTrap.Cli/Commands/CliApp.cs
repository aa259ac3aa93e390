using System.CommandLine;
using ActorTrap.Cli.Commands.Ctl;

namespace ActorTrap.Cli.Commands;

/// <summary>The <c>actortrap</c> command tree; each verb lives in its own file.</summary>
internal static class CliApp
{
    public static RootCommand Build()
    {
        var root = new RootCommand("ActorTrap: SMTP tarpit and spambot detector");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(ConfigCommand.Create());
        root.Subcommands.Add(LookupCommand.Create());
        root.Subcommands.Add(ZoneCommand.Create());
        root.Subcommands.Add(CtlCommand.Create());
        return root;
    }
}

using System.CommandLine;
using System.CommandLine.Parsing;

namespace ActorTrap.Cli.Commands.Ctl;

/// <summary>
/// <c>actortrap ctl</c>: the operator's client of a node's admin API, with the commands Petabridge.Cmd users know
/// (actors, cluster show|leave|down|join, shards regions|stats) and ActorTrap's own (sessions, stats, lookup, list,
/// delist, listings, import). Every command and its JSON are in docs/operations.md.
/// </summary>
internal static class CtlCommand
{
    public const string Name = "ctl";

    public static Command Create()
    {
        var ctl = new Command(Name, "Inspect and steer a running node through its admin API");
        var options = new CtlOptions();
        options.AddTo(ctl);
        ctl.Subcommands.Add(ActorsCommand.Create(options));
        ctl.Subcommands.Add(SessionsCommand.Create(options));
        ctl.Subcommands.Add(StatsCommand.Create(options));
        ctl.Subcommands.Add(ClusterCommand.Create(options));
        ctl.Subcommands.Add(ShardsCommand.Create(options));
        ctl.Subcommands.Add(LookupCommand.Create(options));
        ctl.Subcommands.Add(FeedCommand.Create(options));
        ctl.Subcommands.Add(ManualListingCommand.List(options));
        ctl.Subcommands.Add(ManualListingCommand.Delist(options));
        ctl.Subcommands.Add(ListingsCommand.Create(options));
        ctl.Subcommands.Add(ImportCommand.Create(options));
        ctl.Subcommands.Add(HealthCommand.Create(options));
        ctl.Subcommands.Add(ReloadCommand.Create(options));
        return ctl;
    }

    /// <summary>Whether the parsed command is <c>ctl</c> or one of its subcommands.</summary>
    public static bool IsCtl(ParseResult result)
    {
        for (SymbolResult? r = result.CommandResult; r is not null; r = r.Parent)
        {
            if (r is CommandResult { Command.Name: Name })
            {
                return true;
            }
        }

        return false;
    }
}

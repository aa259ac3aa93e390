using System.CommandLine;

namespace ActorTrap.Cli.Commands.Ctl;

/// <summary>
/// <c>ctl shards regions|stats</c>: the reputation entities on Akka.Cluster.Sharding, like Petabridge.Cmd's sharding
/// commands. <c>ctl shards</c> alone is <c>stats</c>, the closest to what it showed before issue 14.
/// </summary>
internal static class ShardsCommand
{
    public static Command Create(CtlOptions options)
    {
        var command = new Command("shards", "Show the reputation shards: entities per shard and this node's store writers (also 'shards stats'), or per node ('shards regions')");
        ShardStatsCommand.SetStats(command, options);
        command.Subcommands.Add(ShardRegionsCommand.Create(options));
        command.Subcommands.Add(ShardStatsCommand.Create(options));
        return command;
    }
}

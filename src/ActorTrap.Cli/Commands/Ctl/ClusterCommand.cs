using System.CommandLine;

namespace ActorTrap.Cli.Commands.Ctl;

/// <summary>
/// <c>ctl cluster show|leave|down|join</c>, Petabridge.Cmd's cluster commands over the admin API. <c>ctl cluster</c>
/// alone is <c>show</c>, as it was before the subcommands existed, so scripts and habits keep working.
/// </summary>
internal static class ClusterCommand
{
    public static Command Create(CtlOptions options)
    {
        var command = new Command("cluster", "Show the Akka.NET cluster's members (also 'cluster show'), or make one leave, down it, or join this node to a cluster");
        ClusterShowCommand.SetShow(command, options);
        command.Subcommands.Add(ClusterShowCommand.Create(options));
        command.Subcommands.Add(ClusterMemberCommand.Leave(options));
        command.Subcommands.Add(ClusterMemberCommand.Down(options));
        command.Subcommands.Add(ClusterMemberCommand.Join(options));
        return command;
    }
}

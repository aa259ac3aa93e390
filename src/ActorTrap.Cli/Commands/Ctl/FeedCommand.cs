using System.CommandLine;

namespace ActorTrap.Cli.Commands.Ctl;

/// <summary><c>ctl feed reporters</c>: the UDP feed as the collector sees it (issue 18). <c>ctl feed</c> alone is <c>reporters</c>.</summary>
internal static class FeedCommand
{
    public static Command Create(CtlOptions options)
    {
        var command = new Command("feed", "Show the UDP feed collector's reporters and their figures (also 'feed reporters')");
        FeedReportersCommand.Set(command, options);
        var reporters = new Command("reporters", "Show each UDP feed reporter: trust, lines accepted, rejected, ignored and capped, listings naming it");
        FeedReportersCommand.Set(reporters, options);
        command.Subcommands.Add(reporters);
        return command;
    }
}

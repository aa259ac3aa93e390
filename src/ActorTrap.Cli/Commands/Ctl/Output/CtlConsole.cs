using Spectre.Console;

namespace ActorTrap.Cli.Commands.Ctl.Output;

/// <summary>
/// The console tables go to. When stdout is a pipe or a file Spectre assumes 80 columns and squeezes tables, so a
/// redirected run uses <c>$COLUMNS</c> or 200, which keeps one row per line in logs and in <c>grep</c>.
/// </summary>
internal static class CtlConsole
{
    private const int RedirectedWidth = 200;

    public static IAnsiConsole Create()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Out),
            // Escape codes in a pipe or a log file are noise; tables are plain text there.
            Ansi = Console.IsOutputRedirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = Console.IsOutputRedirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        if (Console.IsOutputRedirected)
        {
            console.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns is >= 40 and <= 1000
                ? columns
                : RedirectedWidth;
        }

        return console;
    }
}

using Spectre.Console;

namespace ActorTrap.Cli.Commands.Ctl.Output;

/// <summary>
/// The console tables go to. When stdout is a pipe or a file Spectre assumes 80 columns and squeezes tables, so a
/// redirected run uses <c>$COLUMNS</c>, or else a width no table reaches: tables are as wide as their content, one row
/// per line in logs and in <c>grep</c>. Spectre pads every line to its table's width; the padding at the end of a line
/// is dropped there (<see cref="TrailingSpaceTrimmer"/>), so nothing is padded to a width the reader never chose (issue 16).
/// </summary>
internal static class CtlConsole
{
    /// <summary>Wide enough for any table ctl prints, so none wraps; lines are as long as their content.</summary>
    private const int RedirectedWidth = 4000;

    public static IAnsiConsole Create()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.IsOutputRedirected ? new TrailingSpaceTrimmer(Console.Out) : Console.Out),
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

using ActorTrap.Cli.Commands.Ctl.Output;
using Spectre.Console;

namespace ActorTrap.Cli.Commands.Ctl;

/// <summary>What a <c>ctl</c> command works with: the node's client, where to print, and whether to print JSON.</summary>
internal sealed class CtlContext(AdminClient client, bool json, IAnsiConsole console, TextWriter stdout)
{
    public AdminClient Client { get; } = client;

    /// <summary><c>--json</c>: print the node's JSON as it came, one document per line.</summary>
    public bool Json { get; } = json;

    public IAnsiConsole Console { get; } = console;

    public void WriteJson(string body) => stdout.WriteLine(body.TrimEnd());

    public void Note(string text) => Console.MarkupLine($"[grey]{SafeText.Markup(text, 500)}[/]");
}

using System.CommandLine;
using ActorTrap.Node.Configuration;

namespace ActorTrap.Cli.Commands;

/// <summary>The options every verb that reads configuration shares: <c>--config FILE</c> and repeated <c>--set key=value</c>.</summary>
internal sealed class ConfigOptions
{
    public Option<FileInfo?> Config { get; } = new("--config", "-c")
    {
        Description = "HOCON file layered over the built-in reference configuration",
    };

    public Option<string[]> Set { get; } = new("--set")
    {
        Description = "Override one key with a HOCON value, e.g. --set actortrap.dns.timeout=500ms (repeatable; wins over files and environment)",
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.ZeroOrMore,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Config);
        command.Options.Add(Set);
    }

    public ConfigSources Read(ParseResult result, FileInfo? fileOverride = null) =>
        new((fileOverride ?? result.GetValue(Config))?.FullName, result.GetValue(Set) ?? []);
}

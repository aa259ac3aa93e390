using System.CommandLine;

namespace ActorTrap.Cli.Commands.Ctl;

/// <summary>The options every <c>ctl</c> command takes, declared once on <c>ctl</c> and inherited by its subcommands.</summary>
internal sealed class CtlOptions
{
    public Option<string?> Admin { get; } = new("--admin")
    {
        Description = $"Admin endpoint of the node, e.g. http://10.0.0.5:9110 (default: ${AdminEndpoint.AddressVariable}, else {AdminEndpoint.DefaultAddress})",
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = $"Admin token, sent as a Bearer header (default: ${AdminEndpoint.TokenVariable}); prefer the variable, a command line is visible to other users",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the node's JSON instead of tables, for scripts",
        Recursive = true,
    };

    public void AddTo(Command ctl)
    {
        ctl.Options.Add(Admin);
        ctl.Options.Add(Token);
        ctl.Options.Add(Json);
    }
}

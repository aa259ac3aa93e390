namespace ActorTrap.Cli.Commands.Ctl;

/// <summary>One block of <c>ctl stats</c>: a stage's counters endpoint.</summary>
/// <param name="Key">Property name of the section in <c>--json</c> output.</param>
/// <param name="Required">Every node serves it; an optional section a node does not serve (404) is left out.</param>
internal sealed record StatsSection(string Key, string Title, string Path, bool Required)
{
    /// <summary>
    /// The stages' counters, in the order shown. A stage that adds a stats endpoint adds its line here (and to
    /// docs/operations.md); until a node serves it, the section is skipped with a note.
    /// </summary>
    public static readonly IReadOnlyList<StatsSection> All =
    [
        new("smtp", "SMTP", "api/smtp/stats", Required: true),
        new("dns", "DNS", "api/dns/stats", Required: false),
        new("reputation", "Reputation", "api/reputation/stats", Required: false),
        new("publish", "Publishing", "api/publish/stats", Required: false),
    ];
}

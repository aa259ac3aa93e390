using System.Globalization;
using System.Text;

namespace ActorTrap.Cli.Tests.Detection;

/// <summary>The corpus's table of situations and its confusion matrix, as plain text for the test output and a file.</summary>
internal static class CorpusReport
{
    public static string Render(IReadOnlyList<CorpusOutcome> outcomes, TimeSpan total, TimeSpan situations, int primaryProbes)
    {
        var b = new StringBuilder();
        void Line(string text = "") => b.Append(text).Append('\n');
        Line("Detection corpus (issue 15)");
        Line(string.Create(CultureInfo.InvariantCulture, $"wall time: {total.TotalSeconds:0.0} s in all, {situations.TotalSeconds:0.0} s for the situations; live primary probed {primaryProbes} time(s)"));
        Line();
        var width = outcomes.Max(o => o.Situation.Name.Length);
        Line($"{"situation".PadRight(width)} | source       | node | role        | sessions | listed after | sins seen");
        foreach (var o in outcomes)
        {
            var s = o.Situation;
            var listed = o.ListedAfter is { } n ? n.ToString(CultureInfo.InvariantCulture) : "-";
            var role = s.Role == CorpusRole.Spambot ? $"bot <= {s.ListWithin}" : s.Role switch
            {
                CorpusRole.RealMta => "real MTA",
                CorpusRole.MustNotList => "never list",
                _ => "measured",
            };
            Line($"{s.Name.PadRight(width)} | {s.Source,-12} | {s.Node,-4} | {role,-11} | {o.Sessions,8} | {listed,12} | {string.Join(' ', o.Sins)}{(o.Error is null ? "" : "  ERROR: " + FirstLine(o.Error))}");
        }

        Line();
        Line("confusion matrix                              | listed | not listed | sessions until listed");
        Row(b, "real MTAs and well-behaved clients", outcomes.Where(o => o.Situation.Role == CorpusRole.RealMta));
        Row(b, "spambots expected listed", outcomes.Where(o => o.Situation.Role == CorpusRole.Spambot));
        Row(b, "spambots, one sin, no expectation", outcomes.Where(o => o.Situation.Role == CorpusRole.Measured));
        Row(b, "soft-sin / no-QUIT-only clients", outcomes.Where(o => o.Situation.Role == CorpusRole.MustNotList));
        var failures = outcomes.Select(o => o.Failure).OfType<string>().ToList();
        Line();
        Line(failures.Count == 0 ? "every expectation met" : $"{failures.Count} expectation(s) not met:");
        foreach (var f in failures)
        {
            Line("  " + FirstLine(f));
        }

        return b.ToString();
    }

    private static void Row(StringBuilder b, string label, IEnumerable<CorpusOutcome> rows)
    {
        var list = rows.ToList();
        var listed = list.Where(o => o.Listed).ToList();
        var sessions = listed.Count == 0 ? "-" : string.Join(' ', listed.Select(o => o.ListedAfter!.Value.ToString(CultureInfo.InvariantCulture)));
        b.Append(CultureInfo.InvariantCulture, $"{label,-45} | {listed.Count,6} | {list.Count - listed.Count,10} | {sessions}\n");
    }

    private static string FirstLine(string text) => text.Split('\n')[0];
}

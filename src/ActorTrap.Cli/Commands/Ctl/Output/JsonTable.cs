using System.Text.Json;
using Spectre.Console;

namespace ActorTrap.Cli.Commands.Ctl.Output;

/// <summary>
/// An array of JSON objects as a table: the command's columns first, then any other scalar property the node sends
/// (so a field added to an endpoint shows up before this client knows its name).
/// </summary>
internal static class JsonTable
{
    public static Table Build(JsonElement rows, IReadOnlyList<JsonColumn> columns, DateTimeOffset now, params string[] hidden)
    {
        var known = new HashSet<string>(columns.Select(c => c.Property).Concat(hidden), StringComparer.OrdinalIgnoreCase);
        var extras = rows.EnumerateArray()
            .Where(r => r.ValueKind == JsonValueKind.Object)
            .SelectMany(r => r.EnumerateObject())
            .Where(p => !known.Contains(p.Name) && JsonFormat.IsScalar(p.Value))
            .Select(p => p.Name)
            .Distinct(StringComparer.Ordinal)
            .Select(n => new JsonColumn(n, JsonFormat.Humanize(n)))
            .ToList();
        var all = columns.Concat(extras).ToList();

        var table = new Table().Border(TableBorder.Simple);
        foreach (var c in all)
        {
            table.AddColumn(new TableColumn(SafeText.Markup(c.Header)) { Alignment = c.Align, NoWrap = c.Align == Justify.Right });
        }

        foreach (var row in rows.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object))
        {
            table.AddRow(all.Select(c => (Spectre.Console.Rendering.IRenderable)SafeText.Cell(c.Render(row, now))).ToArray());
        }

        return table;
    }
}

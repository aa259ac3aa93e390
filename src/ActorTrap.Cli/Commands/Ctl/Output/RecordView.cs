using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ActorTrap.Cli.Commands.Ctl.Output;

/// <summary>
/// A JSON object as "key  value" lines: nested objects flattened to <c>listing.expires</c>, arrays of objects as a
/// table under their name. Used where the shape is the node's business (stats, lookup, list/delist answers).
/// </summary>
internal static class RecordView
{
    public static IRenderable Build(JsonElement record, DateTimeOffset now, string? title = null)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(3)).AddColumn();
        var tables = new List<IRenderable>();
        Flatten(record, "", grid, tables, now);
        var parts = new List<IRenderable>();
        if (title is not null)
        {
            parts.Add(new Markup($"[bold]{SafeText.Markup(title)}[/]"));
        }

        parts.Add(grid);
        parts.AddRange(tables);
        return new Rows(parts);
    }

    private static void Flatten(JsonElement value, string prefix, Grid grid, List<IRenderable> tables, DateTimeOffset now)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            grid.AddRow(SafeText.Cell(prefix.Length == 0 ? "value" : prefix), SafeText.Cell(JsonFormat.Value(value, prefix, now)));
            return;
        }

        foreach (var p in value.EnumerateObject())
        {
            var label = prefix.Length == 0 ? JsonFormat.Humanize(p.Name) : $"{prefix}.{JsonFormat.Humanize(p.Name)}";
            if (p.Value.ValueKind == JsonValueKind.Object)
            {
                Flatten(p.Value, label, grid, tables, now);
            }
            else if (JsonFormat.IsScalar(p.Value))
            {
                grid.AddRow(SafeText.Cell(label), SafeText.Cell(JsonFormat.Value(p.Value, p.Name, now)));
            }
            else
            {
                tables.Add(new Markup($"[bold]{SafeText.Markup(label)}[/]"));
                tables.Add(JsonTable.Build(p.Value, [], now));
            }
        }
    }
}

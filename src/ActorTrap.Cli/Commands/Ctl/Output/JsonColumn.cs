using System.Text.Json;
using Spectre.Console;

namespace ActorTrap.Cli.Commands.Ctl.Output;

/// <summary>One column of a <see cref="JsonTable"/>: the JSON property it shows, its header, and optionally how.</summary>
/// <param name="Format">Renders the whole row (so a column can combine properties); default: the property's value.</param>
internal sealed record JsonColumn(string Property, string Header, Func<JsonElement, DateTimeOffset, string>? Format = null, Justify Align = Justify.Left)
{
    public static JsonColumn Right(string property, string header, Func<JsonElement, DateTimeOffset, string>? format = null) =>
        new(property, header, format, Justify.Right);

    /// <summary>The age of a timestamp property, e.g. "3m 20s"; "-" when absent or null.</summary>
    public static Func<JsonElement, DateTimeOffset, string> Age(string property) => (row, now) =>
        row.TryGetProperty(property, out var v) && JsonFormat.Time(v) is { } t ? JsonFormat.Duration(now - t) : "-";

    public string Render(JsonElement row, DateTimeOffset now) =>
        Format is not null ? Format(row, now)
        : row.TryGetProperty(Property, out var value) ? JsonFormat.Value(value, Property, now)
        : "-";
}

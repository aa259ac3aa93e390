using System.Text.RegularExpressions;
using ActorTrap.Hocon.Model;

namespace ActorTrap.Hocon.Parsing;

/// <summary>Decides what an unquoted token is: a JSON number, true, false, null, or else a string.</summary>
internal static partial class ScalarClassifier
{
    public static HScalar Classify(HoconOrigin origin, string text) => new(origin, KindOf(text), text);

    public static HoconValueKind KindOf(string text) => text switch
    {
        "true" or "false" => HoconValueKind.Boolean,
        "null" => HoconValueKind.Null,
        _ when text.Length <= 64 && JsonNumber().IsMatch(text) => HoconValueKind.Number,
        _ => HoconValueKind.String,
    };

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex JsonNumber();
}

using System.Globalization;
using System.Text.Json;
using ActorTrap.Cli.Commands.Ctl.Output;

namespace ActorTrap.Cli.Commands.Ctl;

/// <summary>What the shard commands read from the node's JSON, defensively (a node of another version may differ).</summary>
internal static class ShardJsonText
{
    public static JsonElement Array(JsonElement root, string property, string path) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(property, out var a) && a.ValueKind == JsonValueKind.Array
            ? a
            : throw CtlException.Node($"{path} answered without a {property} list");

    public static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static bool IsTrue(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    public static string Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? JsonFormat.Number(v) : "?";

    public static string Sum(IEnumerable<JsonElement> rows, string property) =>
        rows.Sum(r => r.TryGetProperty(property, out var v) && v.TryGetInt64(out var n) ? n : 0).ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Akka leaves out the regions that did not answer in time; the node lists the members it expected.</summary>
    public static void NoteUnanswered(CtlContext ctl, JsonElement root)
    {
        if (root.TryGetProperty("unanswered", out var u) && u.ValueKind == JsonValueKind.Array && u.GetArrayLength() > 0)
        {
            var wait = Number(root, "waitSeconds");
            ctl.Note($"no region in the answer for: {string.Join(", ", u.EnumerateArray().Select(x => SafeText.Plain(x.ToString(), 100)))} "
                + $"(not registered with the coordinator yet, or late: when one region does not answer within {wait} s Akka leaves them all out; ask again)");
        }
    }
}

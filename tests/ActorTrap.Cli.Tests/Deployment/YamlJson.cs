using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace ActorTrap.Cli.Tests.Deployment;

/// <summary>YAML documents as JsonNode trees (scalars as strings), so manifests can be walked like the API objects they are.</summary>
internal static class YamlJson
{
    public static IReadOnlyList<JsonObject> Documents(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return [.. stream.Documents.Select(d => Convert(d.RootNode)).OfType<JsonObject>()];
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, Convert(kv.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(Convert)]),
        YamlScalarNode scalar => scalar.Value is null || (scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && scalar.Value is "null" or "~") ? null : JsonValue.Create(scalar.Value),
        _ => null,
    };
}

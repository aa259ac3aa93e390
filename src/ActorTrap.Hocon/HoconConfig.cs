using ActorTrap.Hocon.Model;
using ActorTrap.Hocon.Parsing;
using ActorTrap.Hocon.Rendering;
using ActorTrap.Hocon.Resolution;

namespace ActorTrap.Hocon;

/// <summary>A resolved configuration (or a sub-object of one): typed getters by path, origins, leaves, rendering.</summary>
public sealed partial class HoconConfig
{
    private static readonly HoconOrigin MergedOrigin = new("merged configuration", 0, 0);

    private readonly IReadOnlyList<string> basePath;

    internal HoconConfig(HObject root, IReadOnlyList<string> basePath)
    {
        Root = root;
        this.basePath = basePath;
    }

    /// <summary>A config with no keys.</summary>
    public static HoconConfig Empty { get; } = new(new HObject(MergedOrigin), []);

    /// <summary>The keys directly under this object, in the order first written.</summary>
    public IReadOnlyList<string> Keys => Root.Keys.ToList();

    internal HObject Root { get; }

    /// <summary>
    /// Layers documents (reference defaults first, then the user's file, environment-driven values, <c>--set</c> overrides)
    /// and only then resolves substitutions once, against the merged root.
    /// </summary>
    /// <param name="environment">Looks up a substitution not found in the config; the process environment when null. Tests pass their own.</param>
    /// <exception cref="HoconException">A substitution is undefined or part of a cycle, or a concatenation mixes types.</exception>
    public static HoconConfig Load(IEnumerable<HoconDocument> lowestToHighestPriority, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(lowestToHighestPriority);
        var owner = new object();
        var merged = new HObject(MergedOrigin, owner);
        foreach (var document in lowestToHighestPriority)
        {
            foreach (var (key, field) in document.Root.Fields)
            {
                Merger.Assign(merged, key, field.Value, field.KeyOrigin, [key], bindAlways: true, owner);
            }
        }

        var resolved = Resolver.Resolve(merged, environment ?? Environment.GetEnvironmentVariable);
        return new HoconConfig(resolved, []);
    }

    /// <summary>Parses and resolves one text: shorthand for tests and small tools.</summary>
    public static HoconConfig Parse(string text, string originName = "string", Func<string, string?>? environment = null) =>
        Load([HoconParser.Parse(text, originName)], environment);

    /// <summary>The effective configuration as HOCON text that parses back to an equal config.</summary>
    /// <param name="withOrigins">Put a <c># file:line:column</c> comment above each value.</param>
    public string Render(bool withOrigins = false) => Renderer.Render(Root, withOrigins);

    /// <summary>Every scalar and array, depth first in key order, with its dotted path and origins.</summary>
    public IReadOnlyList<HoconLeaf> Leaves()
    {
        var leaves = new List<HoconLeaf>();
        CollectLeaves(Root, PathText.Join(basePath), leaves);
        return leaves;
    }

    internal bool StructurallyEquals(HoconConfig other) => NodeEquality.Equal(Root, other.Root);

    private static void CollectLeaves(HObject obj, string prefix, List<HoconLeaf> leaves)
    {
        foreach (var (key, field) in obj.Fields)
        {
            var path = prefix.Length == 0 ? PathText.Segment(key) : prefix + "." + PathText.Segment(key);
            switch (field.Value)
            {
                case HObject inner:
                    CollectLeaves(inner, path, leaves);
                    break;
                case HArray array:
                    leaves.Add(new HoconLeaf(path, HoconValueKind.Array, null, array.Origin, field.KeyOrigin));
                    break;
                case HScalar s:
                    var text = s.Kind == HoconValueKind.Null ? null : s.Text;
                    leaves.Add(new HoconLeaf(path, s.Kind, text, s.Origin, field.KeyOrigin));
                    break;
            }
        }
    }
}

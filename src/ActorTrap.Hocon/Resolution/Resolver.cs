using ActorTrap.Hocon.Model;
using ActorTrap.Hocon.Parsing;

namespace ActorTrap.Hocon.Resolution;

/// <summary>Resolves every substitution of a merged tree against its root, falling back to the environment, and detects cycles.</summary>
/// <remarks>
/// Two passes share memo tables keyed by node identity. <see cref="Shallow"/> turns a node into an object, array or
/// scalar without resolving what is inside objects and arrays, which is all a path lookup needs. <see cref="Deep"/> then
/// builds the fully resolved tree. A node met again while it is being resolved is a cycle.
/// </remarks>
internal sealed class Resolver
{
    // Limits that turn hostile input (substitution chains, values doubled on every line) into an error, not a crash.
    private const int MaxDepth = 400;
    private const long MaxNodes = 2_000_000;

    private readonly HObject root;
    private readonly Func<string, string?> environment;
    private readonly Dictionary<HNode, HNode?> shallow = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<HNode> active = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<HNode, (HNode Node, long Size)> deep = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<HNode> deepActive = new(ReferenceEqualityComparer.Instance);
    private int depth;

    private Resolver(HObject root, Func<string, string?> environment)
    {
        this.root = root;
        this.environment = environment;
    }

    public static HObject Resolve(HObject root, Func<string, string?> environment)
    {
        var resolver = new Resolver(root, environment);
        return (HObject)resolver.Deep(root)!.Value.Node;
    }

    private HNode? Shallow(HNode node)
    {
        if (!node.IsUnresolved)
        {
            return node;
        }

        if (shallow.TryGetValue(node, out var known))
        {
            return known;
        }

        if (!active.Add(node))
        {
            throw new HoconException($"cycle in substitutions: {Describe(node)} depends on its own value", node.Origin);
        }

        Descend(node);
        try
        {
            var result = node switch
            {
                HSubst s => Substitute(s),
                HLookBack b => LookBack(b),
                HConcat c => Concatenate(c),
                HDelayedMerge m => DelayedMerge(m),
                _ => node,
            };
            shallow[node] = result;
            return result;
        }
        finally
        {
            active.Remove(node);
            depth--;
        }
    }

    private HNode? Substitute(HSubst s)
    {
        if (s.Prefix.Count > 0 && Lookup([.. s.Prefix, .. s.Path]) is { } relative)
        {
            return relative;
        }

        return Lookup(s.Path) ?? Fallback(s);
    }

    private HNode? Lookup(IReadOnlyList<string> path)
    {
        HNode? current = root;
        foreach (var segment in path)
        {
            if (Shallow(current!) is not HObject obj || obj.Get(segment) is not { } field)
            {
                return null;
            }

            current = field.Value;
        }

        return Shallow(current!);
    }

    // The spec: a substitution not found in the config is looked up as an environment variable (a key set to null
    // is found, so it blocks this); an optional one that is still missing is undefined.
    private HScalar? Fallback(HSubst s)
    {
        var name = string.Join('.', s.Path);
        if (environment(name) is { } value)
        {
            return HScalar.String(new HoconOrigin($"environment variable {name}", 0, 0), value);
        }

        if (s.Optional)
        {
            return null;
        }

        throw new HoconException($"{s.Expression} is not defined: no such key, and no environment variable {name}", s.Origin);
    }

    private HNode? LookBack(HLookBack b)
    {
        var value = b.Previous is null ? null : Shallow(b.Previous);
        foreach (var segment in b.Suffix)
        {
            value = value is HObject obj && obj.Get(segment) is { } field ? Shallow(field.Value) : null;
        }

        return value ?? Fallback(b.Source);
    }

    private HNode? Concatenate(HConcat c)
    {
        var parts = new List<HNode>(c.Parts.Count);
        foreach (var part in c.Parts)
        {
            if (Shallow(part) is { } value)
            {
                parts.Add(value);
            }
        }

        return Concatenation.Fold(parts, new object());
    }

    private HNode? DelayedMerge(HDelayedMerge m)
    {
        var top = Shallow(m.Top);
        if (top is null)
        {
            return Shallow(m.Below);
        }

        if (top is HObject && Shallow(m.Below) is HObject below)
        {
            return Merger.Combine(top, below, null, bindAlways: false, new object());
        }

        return top;
    }

    private (HNode Node, long Size)? Deep(HNode node)
    {
        var value = Shallow(node);
        if (value is null or HScalar)
        {
            return value is null ? null : (value, 1);
        }

        if (deep.TryGetValue(value, out var known))
        {
            return known;
        }

        if (!deepActive.Add(value))
        {
            throw new HoconException($"cycle in substitutions: {Describe(node)} contains itself", node.Origin);
        }

        Descend(value);
        try
        {
            var result = value is HArray array ? DeepArray(array) : DeepObject((HObject)value);
            if (result.Size > MaxNodes)
            {
                throw new HoconException($"the resolved configuration would have more than {MaxNodes} values (substitutions repeating a value?)", value.Origin);
            }

            deep[value] = result;
            return result;
        }
        finally
        {
            deepActive.Remove(value);
            depth--;
        }
    }

    private (HNode Node, long Size) DeepArray(HArray array)
    {
        var items = new List<HNode>(array.Items.Count);
        long size = 1;
        foreach (var item in array.Items)
        {
            if (Deep(item) is { } resolved)
            {
                items.Add(resolved.Node);
                size += resolved.Size;
            }
        }

        return (new HArray(array.Origin, items), size);
    }

    private (HNode Node, long Size) DeepObject(HObject obj)
    {
        var result = new HObject(obj.Origin);
        long size = 1;
        foreach (var (key, field) in obj.Fields)
        {
            if (Deep(field.Value) is { } resolved)
            {
                result.Set(key, new HField(resolved.Node, field.KeyOrigin));
                size += resolved.Size;
            }
        }

        return (result, size);
    }

    private void Descend(HNode node)
    {
        if (++depth > MaxDepth)
        {
            throw new HoconException($"substitutions and nesting deeper than {MaxDepth} levels", node.Origin);
        }
    }

    private static string Describe(HNode node) => node switch
    {
        HSubst s => s.Expression,
        HLookBack b => b.Source.Expression,
        HConcat c => c.Parts.OfType<HSubst>().Select(s => s.Expression).FirstOrDefault() ?? "a concatenation",
        HDelayedMerge m => Describe(m.Top),
        _ => "a value",
    };
}

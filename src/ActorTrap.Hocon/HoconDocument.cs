using ActorTrap.Hocon.Model;

namespace ActorTrap.Hocon;

/// <summary>One parsed source (a file, a string, a <c>--set</c> override) before substitution. Immutable: it can be layered into many configs.</summary>
public sealed class HoconDocument
{
    private IReadOnlyList<HoconKey>? keys;

    internal HoconDocument(HObject root, string originName)
    {
        Root = root;
        OriginName = originName;
    }

    /// <summary>The file name or label given when parsing.</summary>
    public string OriginName { get; }

    /// <summary>Every key path written in this document (objects and their keys, depth first), with where each was written.</summary>
    /// <remarks>The CLI compares these against the reference config to report typos such as <c>hodl</c> at their line and column.</remarks>
    public IReadOnlyList<HoconKey> Keys => keys ??= ListKeys();

    internal HObject Root { get; }

    private List<HoconKey> ListKeys()
    {
        var list = new List<HoconKey>();
        Walk(Root, string.Empty, list);
        return list;
    }

    private static void Walk(HObject obj, string prefix, List<HoconKey> list)
    {
        foreach (var (key, field) in obj.Fields)
        {
            var path = prefix.Length == 0 ? PathText.Segment(key) : prefix + "." + PathText.Segment(key);
            var inner = field.Value switch
            {
                HObject o => o,
                HDelayedMerge { Top: HObject o } => o,
                _ => null,
            };
            list.Add(new HoconKey(path, field.KeyOrigin, inner is not null));
            if (inner is not null)
            {
                Walk(inner, path, list);
            }
        }
    }
}

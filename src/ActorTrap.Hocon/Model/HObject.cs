namespace ActorTrap.Hocon.Model;

/// <summary>An object with keys in the order they were first written.</summary>
/// <remarks>
/// <see cref="Owner"/> marks which parse or load created the object: that operation may mutate it in place, anyone else
/// copies before merging. Documents therefore stay immutable and can be loaded many times, while a document with many
/// dotted keys under one object still parses in linear time.
/// </remarks>
internal sealed class HObject(HoconOrigin origin, object? owner = null) : HNode(origin)
{
    private readonly List<string> order = [];
    private readonly Dictionary<string, HField> fields = new(StringComparer.Ordinal);

    public object? Owner { get; set; } = owner;

    public int Count => order.Count;

    public IEnumerable<string> Keys => order;

    public IEnumerable<KeyValuePair<string, HField>> Fields => order.Select(k => new KeyValuePair<string, HField>(k, fields[k]));

    public HField? Get(string key) => fields.GetValueOrDefault(key);

    public void Set(string key, HField field)
    {
        if (!fields.ContainsKey(key))
        {
            order.Add(key);
        }

        fields[key] = field;
    }

    public HObject CopyFor(object? owner, HoconOrigin? origin = null)
    {
        var copy = new HObject(origin ?? Origin, owner);
        foreach (var key in order)
        {
            copy.Set(key, fields[key]);
        }

        return copy;
    }
}

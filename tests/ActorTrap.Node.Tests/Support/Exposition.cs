namespace ActorTrap.Node.Tests.Support;

/// <summary>A parsed exposition: the families in the order they appeared.</summary>
public sealed record Exposition(IReadOnlyList<ParsedFamily> Families)
{
    public ParsedFamily Family(string name) => Families.Single(f => f.Name == name);

    public bool Has(string name) => Families.Any(f => f.Name == name);
}

public sealed record ParsedFamily(string Name, string Type, string? Help, IReadOnlyList<ParsedSample> Samples)
{
    /// <summary>The value of the one sample named <paramref name="sampleName"/> with exactly these labels.</summary>
    public double Value(string sampleName, params (string Name, string Value)[] labels) =>
        Samples.Single(s => s.Name == sampleName && s.Labels.Count == labels.Length && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value)).Value;
}

public sealed record ParsedSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

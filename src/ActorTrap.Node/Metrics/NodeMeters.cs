using System.Diagnostics.Metrics;

namespace ActorTrap.Node.Metrics;

/// <summary>
/// One node's meters. Every ActorTrap meter a node creates is created here and carries this object as its scope, and the
/// node's meter provider reads only instruments of meters it owns (<see cref="NodeMetrics"/>). Several nodes can run in
/// one process (specs side by side, the in-process cluster specs, the cluster bench); without the scope each provider
/// read every <c>ActorTrap.*</c> meter in the process and one node's /metrics showed another's series as duplicates.
/// </summary>
public sealed class NodeMeters
{
    /// <summary>For a part built on its own (a spec, a bench): its meter is read by a <see cref="MeterListener"/> that asks for it, never by a node's provider.</summary>
    public static readonly NodeMeters Unscoped = new();

    /// <summary>A new meter of this node; the caller owns it and disposes it with the part that made its instruments.</summary>
    /// <param name="tags">The meter's own tags (not exported as labels: they tell in-process listeners apart).</param>
    public Meter Create(string name, IEnumerable<KeyValuePair<string, object?>>? tags = null) => new(new MeterOptions(name) { Scope = this, Tags = tags });

    /// <summary>True when <paramref name="meter"/> was created by this node.</summary>
    public bool Owns(Meter meter) => ReferenceEquals(meter?.Scope, this);
}

namespace ActorTrap.Node.Session;

/// <summary>One piece of evidence against a client, with the weight configured for its kind.</summary>
/// <param name="Detail">Short, already escaped context (e.g. the HELO name); never raw attacker bytes.</param>
public sealed record Sin(SinKind Kind, double Weight, string? Detail = null)
{
    public override string ToString() => Detail is null ? Kind.WireName() : $"{Kind.WireName()}({Detail})";
}

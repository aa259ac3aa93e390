namespace ActorTrap.Smtp.Analysis;

/// <summary>The heuristic's answer; <paramref name="Evidence"/> is the encoding or word that matched (for logs and tests).</summary>
public readonly record struct DynamicRdnsMatch(DynamicRdnsReason Reason, string? Evidence)
{
    public static readonly DynamicRdnsMatch None = new(DynamicRdnsReason.None, null);

    public bool IsDynamic => Reason != DynamicRdnsReason.None;
}

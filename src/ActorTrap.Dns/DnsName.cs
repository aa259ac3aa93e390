namespace ActorTrap.Dns;

/// <summary>Name helpers: DNS compares names case-insensitively in ASCII only (RFC 4343).</summary>
public static class DnsName
{
    public static bool Equals(string? a, string? b) => string.Equals(Trim(a), Trim(b), StringComparison.OrdinalIgnoreCase);

    private static string? Trim(string? name) => name is { Length: > 0 } && name[^1] == '.' && !name.EndsWith("\\.", StringComparison.Ordinal) ? name[..^1] : name;
}

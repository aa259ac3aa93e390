namespace ActorTrap.Node.Publishing.Dns;

/// <summary>
/// A name written in answers (NS host, SOA MNAME and RNAME), split so that a name under our zone ends in a
/// compression pointer to the zone as it appears in the question: the answer stays as small as it can be.
/// </summary>
internal sealed class ZoneName
{
    private ZoneName(byte[] wire, bool underZone)
    {
        Wire = wire;
        UnderZone = underZone;
    }

    /// <summary>The labels before the zone (no terminator) when <see cref="UnderZone"/>, else the whole wire name.</summary>
    public byte[] Wire { get; }

    public bool UnderZone { get; }

    public int Length => Wire.Length + (UnderZone ? 2 : 0);

    public static ZoneName Of(string name, string zone)
    {
        name = name.TrimEnd('.').ToLowerInvariant();
        if (name.EndsWith("." + zone, StringComparison.Ordinal))
        {
            var full = DnsWire.Encode(name[..^(zone.Length + 1)]);
            return new ZoneName(full[..^1], underZone: true);
        }

        // The apex itself is all pointer; anything else is written out in full.
        return name == zone ? new ZoneName([], underZone: true) : new ZoneName(DnsWire.Encode(name), underZone: false);
    }

    /// <summary>Writes the name at <paramref name="at"/>, pointing at the zone name found at <paramref name="zoneOffset"/>.</summary>
    public int Write(Span<byte> buffer, int at, int zoneOffset)
    {
        Wire.CopyTo(buffer[at..]);
        at += Wire.Length;
        if (UnderZone)
        {
            DnsWire.WriteU16(buffer, at, 0xC000 | zoneOffset);
            at += 2;
        }

        return at;
    }
}

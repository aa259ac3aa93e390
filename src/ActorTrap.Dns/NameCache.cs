namespace ActorTrap.Dns;

/// <summary>
/// The last few names a parse decoded, by the packet offset they start at, so that a compression pointer to one of
/// them costs no second decode and no second string. Four slots cover a DNSBL answer (question, zone, SOA names).
/// </summary>
internal struct NameCache
{
    private Entry s0, s1, s2, s3;
    private int next;

    /// <summary>The name that starts at <paramref name="offset"/> and the compression pointers it followed, if known.</summary>
    public readonly Entry? Find(int offset) =>
        s0.Name is not null && s0.Offset == offset ? s0
        : s1.Name is not null && s1.Offset == offset ? s1
        : s2.Name is not null && s2.Offset == offset ? s2
        : s3.Name is not null && s3.Offset == offset ? s3
        : null;

    public void Add(int offset, string name, int hops)
    {
        var entry = new Entry(offset, name, hops);
        switch (next++ & 3)
        {
            case 0: s0 = entry; break;
            case 1: s1 = entry; break;
            case 2: s2 = entry; break;
            default: s3 = entry; break;
        }
    }

    public readonly record struct Entry(int Offset, string Name, int Hops);
}

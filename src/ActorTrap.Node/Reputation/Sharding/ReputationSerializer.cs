using System.Net;
using System.Runtime.Serialization;
using System.Text;
using ActorTrap.Node.Reputation.Spool;
using Akka.Actor;
using Akka.Serialization;

namespace ActorTrap.Node.Reputation.Sharding;

/// <summary>
/// The binary form of the reputation messages that cross nodes (<see cref="IReputationWire"/>), registered in the
/// node's Akka configuration in place of Akka's default JSON. Verdict batches carry their evidence in the spool's
/// record format (<see cref="SpoolCodec"/>, with each verdict's id), about 60 bytes a verdict. Bad input from the
/// wire throws <see cref="SerializationException"/>, which Akka.Remote logs and drops.
/// </summary>
public sealed class ReputationSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Akka's serializer id; ids up to 40 are Akka's own.</summary>
    public const int SerializerId = 4_127;

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        VerdictBatch => "B",
        VerdictsAccepted => "A",
        VerdictsRefused => "R",
        GetEntityState => "Q",
        EntityState => "S",
        ListingChange => "L",
        GetNodeInfo => "N",
        NodeInfo => "I",
        _ => throw new ArgumentException($"{o.GetType()} is not a reputation message", nameof(o)),
    };

    public override byte[] ToBinary(object obj)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            switch (obj)
            {
                case VerdictBatch b:
                    w.Write(b.Shard);
                    w.Write(Serialization.SerializedActorPath(b.Origin));
                    w.Write(SpoolCodec.Encode(b.Items));
                    break;
                case VerdictsAccepted a:
                    WriteIds(w, a.Ids);
                    break;
                case VerdictsRefused f:
                    WriteIds(w, f.Ids);
                    break;
                case GetEntityState q:
                    w.Write(q.EntityId);
                    break;
                case EntityState s:
                    w.Write(s.EntityId);
                    w.Write(s.Node);
                    w.Write(s.Pending);
                    w.Write(s.Score);
                    w.Write(s.Listed);
                    w.Write(s.Verdicts);
                    break;
                case ListingChange c:
                    WriteChange(w, c);
                    break;
                case GetNodeInfo:
                    break;
                case NodeInfo n:
                    w.Write(n.Name);
                    w.Write(n.AdminAddress);
                    w.Write(n.Held);
                    w.Write(n.StartedAt.ToUnixTimeMilliseconds());
                    w.Write(n.Unacknowledged);
                    w.Write(n.RunsChores);
                    w.Write(n.SettingsHash);
                    break;
                default:
                    throw new ArgumentException($"{obj.GetType()} is not a reputation message", nameof(obj));
            }
        }

        return stream.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            return manifest switch
            {
                "B" => ReadBatch(r, bytes),
                "A" => new VerdictsAccepted(ReadIds(r)),
                "R" => new VerdictsRefused(ReadIds(r)),
                "Q" => new GetEntityState(r.ReadString()),
                "S" => new EntityState(r.ReadString(), r.ReadString(), r.ReadInt32(), r.ReadDouble(), r.ReadBoolean(), r.ReadInt64()),
                "L" => ReadChange(r),
                "N" => GetNodeInfo.Instance,
                // The settings hash came last, in issue 17: a member of an older version sends none.
                "I" => new NodeInfo(r.ReadString(), r.ReadString(), r.ReadInt32(), DateTimeOffset.FromUnixTimeMilliseconds(r.ReadInt64()), r.ReadInt64(), r.ReadBoolean(),
                    r.BaseStream.Position < r.BaseStream.Length ? r.ReadString() : ""),
                _ => throw new SerializationException($"unknown reputation message manifest \"{manifest}\""),
            };
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException or FormatException or OverflowException)
        {
            throw new SerializationException($"malformed reputation message \"{manifest}\" ({bytes.Length} bytes): {e.Message}", e);
        }
    }

    private VerdictBatch ReadBatch(BinaryReader r, byte[] bytes)
    {
        var shard = r.ReadInt32();
        var origin = system.Provider.ResolveActorRef(r.ReadString());
        var record = bytes.AsSpan((int)r.BaseStream.Position);
        if (record.Length < SpoolCodec.HeaderBytes || !SpoolCodec.Verify(record[..SpoolCodec.HeaderBytes], record[SpoolCodec.HeaderBytes..]))
        {
            throw new SerializationException("verdict batch failed its checksum");
        }

        var items = SpoolCodec.Decode(record[SpoolCodec.HeaderBytes..].ToArray())
            ?? throw new SerializationException("verdict batch in an unknown format");
        return new VerdictBatch(shard, origin, items);
    }

    private static void WriteIds(BinaryWriter w, long[] ids)
    {
        w.Write(ids.Length);
        foreach (var id in ids)
        {
            w.Write(id);
        }
    }

    private static long[] ReadIds(BinaryReader r)
    {
        var count = r.ReadInt32();
        if (count < 0 || count > (r.BaseStream.Length - r.BaseStream.Position) / 8)
        {
            throw new SerializationException($"acknowledgement claims {count} ids");
        }

        var ids = new long[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = r.ReadInt64();
        }

        return ids;
    }

    private static void WriteChange(BinaryWriter w, ListingChange c)
    {
        w.Write((byte)c.Kind);
        WriteAddress(w, c.Network.BaseAddress);
        w.Write((byte)c.Network.PrefixLength);
        w.Write(c.Listing is not null);
        if (c.Listing is { } l)
        {
            w.Write((byte)l.Class);
            w.Write(l.Score);
            w.Write((byte)Math.Min(l.Reasons.Count, byte.MaxValue));
            foreach (var reason in l.Reasons.Take(byte.MaxValue))
            {
                w.Write(reason);
            }

            w.Write(l.FirstSeen.ToUnixTimeMilliseconds());
            w.Write(l.LastSeen.ToUnixTimeMilliseconds());
            w.Write(l.ListedAt.ToUnixTimeMilliseconds());
            w.Write(l.Expires?.ToUnixTimeMilliseconds() ?? long.MinValue);
            // Issue 18, last so that a member of an older version reads the rest and ignores it.
            w.Write((byte)Math.Min(l.Reporters.Count, Scoring.ReporterMark.MaxPerAddress));
            foreach (var reporter in l.Reporters.Take(Scoring.ReporterMark.MaxPerAddress))
            {
                w.Write(reporter);
            }
        }
    }

    private static ListingChange ReadChange(BinaryReader r)
    {
        var kind = (ListingChangeKind)r.ReadByte();
        if (!Enum.IsDefined(kind))
        {
            throw new SerializationException($"unknown listing change {(byte)kind}");
        }

        var address = ReadAddress(r);
        var network = new IPNetwork(address, r.ReadByte());
        Listing? listing = null;
        if (r.ReadBoolean())
        {
            var cls = (ListingClass)r.ReadByte();
            var score = r.ReadDouble();
            var reasons = new string[r.ReadByte()];
            for (var i = 0; i < reasons.Length; i++)
            {
                reasons[i] = r.ReadString();
            }

            var (first, last, listedAt, expires) = (r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64());
            listing = new Listing(address, network.PrefixLength, cls, score, reasons, DateTimeOffset.FromUnixTimeMilliseconds(first),
                DateTimeOffset.FromUnixTimeMilliseconds(last), DateTimeOffset.FromUnixTimeMilliseconds(listedAt),
                expires == long.MinValue ? null : DateTimeOffset.FromUnixTimeMilliseconds(expires));
            if (r.BaseStream.Position < r.BaseStream.Length)
            {
                // A member of an older version sends no reporters.
                var reporters = new string[r.ReadByte()];
                for (var i = 0; i < reporters.Length; i++)
                {
                    reporters[i] = r.ReadString();
                }

                listing = listing with { Reporters = reporters };
            }
        }

        return new ListingChange(kind, network, listing);
    }

    private static void WriteAddress(BinaryWriter w, IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        w.Write((byte)bytes.Length);
        w.Write(bytes);
    }

    private static IPAddress ReadAddress(BinaryReader r)
    {
        var length = r.ReadByte();
        return length is 4 or 16 ? new IPAddress(r.ReadBytes(length)) : throw new SerializationException($"address of {length} bytes");
    }
}

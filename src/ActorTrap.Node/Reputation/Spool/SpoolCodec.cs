using System.Buffers.Binary;
using System.Net;
using System.Text;
using ActorTrap.Node.Reputation.Scoring;

namespace ActorTrap.Node.Reputation.Spool;

/// <summary>
/// One spooled batch on disk: <c>[u32 payload length][u32 CRC-32 of payload][payload]</c>, little endian. The payload
/// is version 4: <c>u8 version, u32 count</c>, then per delta <c>u8 family (4|6), address, f64 score, i64 first ms,
/// i64 last ms, i32 verdicts, u8 flags (1 trap, 2 allowed, 4 harvester: issue 18), u8 reason count, (u8 length, ASCII)*,
/// i32 soft kinds, f64 virtue, u32 id count, i64 verdict ids, u8 reporter count, (u8 length, ASCII key id, i64 ms, u8
/// trusted)*</c>. Versions 1 (before issue 15's rule: no soft kinds, virtue or ids), 2 (no ids) and 3 (no reporters:
/// the node's own sessions, issue 18) are still read; deltas without ids are applied as they always were.
/// </summary>
internal static class SpoolCodec
{
    public const int HeaderBytes = 8;
    private const byte Version = 4;

    public static byte[] Encode(IReadOnlyList<EvidenceDelta> batch)
    {
        using var payload = new MemoryStream();
        using (var w = new BinaryWriter(payload, Encoding.ASCII, leaveOpen: true))
        {
            w.Write(Version);
            w.Write(batch.Count);
            foreach (var d in batch)
            {
                var bytes = d.Address.GetAddressBytes();
                w.Write((byte)(bytes.Length == 4 ? 4 : 6));
                w.Write(bytes);
                w.Write(d.Score);
                w.Write(d.First.ToUnixTimeMilliseconds());
                w.Write(d.Last.ToUnixTimeMilliseconds());
                w.Write(d.Verdicts);
                w.Write((byte)((d.Trap ? 1 : 0) | (d.Allowed ? 2 : 0) | (d.Harvester ? 4 : 0)));
                var reasons = d.Reasons.Take(byte.MaxValue).ToList();
                w.Write((byte)reasons.Count);
                foreach (var r in reasons)
                {
                    var text = Encoding.ASCII.GetBytes(r.Length > byte.MaxValue ? r[..byte.MaxValue] : r);
                    w.Write((byte)text.Length);
                    w.Write(text);
                }

                w.Write(d.SoftKinds);
                w.Write(d.Virtue);
                w.Write(d.Ids.Count);
                foreach (var id in d.Ids)
                {
                    w.Write(id);
                }

                var reporters = d.Reporters.Take(ReporterMark.MaxPerAddress).ToList();
                w.Write((byte)reporters.Count);
                foreach (var m in reporters)
                {
                    var id = Encoding.ASCII.GetBytes(m.Id.Length > byte.MaxValue ? m.Id[..byte.MaxValue] : m.Id);
                    w.Write((byte)id.Length);
                    w.Write(id);
                    w.Write(m.At.ToUnixTimeMilliseconds());
                    w.Write(m.Trusted);
                }
            }
        }

        var body = payload.ToArray();
        var record = new byte[HeaderBytes + body.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)body.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(4), Crc32.Compute(body));
        body.CopyTo(record, HeaderBytes);
        return record;
    }

    /// <summary>Payload length from a header, or -1 when the header cannot be a record's.</summary>
    public static int PayloadLength(ReadOnlySpan<byte> header, int maxPayload)
    {
        var length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        return length is 0 or > int.MaxValue || length > maxPayload ? -1 : (int)length;
    }

    public static bool Verify(ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload) =>
        BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) == Crc32.Compute(payload);

    /// <summary>Number of deltas in a verified payload (without decoding them).</summary>
    public static int Count(ReadOnlySpan<byte> payload) => payload.Length >= 5 ? BinaryPrimitives.ReadInt32LittleEndian(payload[1..]) : 0;

    /// <summary>Decodes a verified payload; null when it is not a version this build reads.</summary>
    public static List<EvidenceDelta>? Decode(byte[] payload)
    {
        try
        {
            using var r = new BinaryReader(new MemoryStream(payload), Encoding.ASCII);
            var version = r.ReadByte();
            if (version is not (1 or 2 or 3 or Version))
            {
                return null;
            }

            var count = r.ReadInt32();
            var batch = new List<EvidenceDelta>(Math.Min(count, 100_000));
            for (var i = 0; i < count; i++)
            {
                var family = r.ReadByte();
                var address = new IPAddress(r.ReadBytes(family == 4 ? 4 : 16));
                var score = r.ReadDouble();
                var first = DateTimeOffset.FromUnixTimeMilliseconds(r.ReadInt64());
                var last = DateTimeOffset.FromUnixTimeMilliseconds(r.ReadInt64());
                var verdicts = r.ReadInt32();
                var flags = r.ReadByte();
                var reasons = new string[r.ReadByte()];
                for (var k = 0; k < reasons.Length; k++)
                {
                    reasons[k] = Encoding.ASCII.GetString(r.ReadBytes(r.ReadByte()));
                }

                var (softKinds, virtue) = version == 1 ? (0, 0.0) : (r.ReadInt32(), r.ReadDouble());
                long[] ids = version < 3 ? [] : ReadIds(r);
                var reporters = version < 4 ? [] : ReadReporters(r);
                batch.Add(new EvidenceDelta(address, score, first, last, verdicts, reasons, (flags & 1) != 0, (flags & 2) != 0)
                {
                    SoftKinds = softKinds,
                    Virtue = virtue,
                    Ids = ids,
                    Harvester = (flags & 4) != 0,
                    Reporters = reporters,
                });
            }

            return batch;
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException)
        {
            return null;
        }
    }

    private static ReporterMark[] ReadReporters(BinaryReader r)
    {
        var marks = new ReporterMark[r.ReadByte()];
        for (var i = 0; i < marks.Length; i++)
        {
            var id = Encoding.ASCII.GetString(r.ReadBytes(r.ReadByte()));
            marks[i] = new ReporterMark(id, DateTimeOffset.FromUnixTimeMilliseconds(r.ReadInt64()), r.ReadBoolean());
        }

        return marks;
    }

    private static long[] ReadIds(BinaryReader r)
    {
        var count = r.ReadUInt32();
        if (count > (r.BaseStream.Length - r.BaseStream.Position) / sizeof(long))
        {
            // More ids than bytes left: not a record this build wrote (and no allocation sized by it).
            throw new EndOfStreamException();
        }

        var ids = new long[count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = r.ReadInt64();
        }

        return ids;
    }
}

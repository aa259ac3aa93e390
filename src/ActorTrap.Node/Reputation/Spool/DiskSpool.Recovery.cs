using System.Buffers.Binary;
using System.Globalization;

namespace ActorTrap.Node.Reputation.Spool;

/// <summary>Opening a spool left by an earlier process: cursor, segments, torn tails.</summary>
internal sealed partial class DiskSpool
{
    private void Recover()
    {
        var (cursorSegment, cursorOffset) = ReadCursor();
        var files = Directory.GetFiles(directory, "*" + SegmentSuffix)
            .Select(f => (Path: f, Number: long.TryParse(Path.GetFileNameWithoutExtension(f), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1))
            .Where(f => f.Number > 0)
            .OrderBy(f => f.Number)
            .ToList();
        foreach (var (path, number) in files)
        {
            nextSegment = Math.Max(nextSegment, number + 1);
            if (number < cursorSegment)
            {
                File.Delete(path);
                continue;
            }

            var segment = new Segment(number, directory);
            Scan(segment, number == cursorSegment ? cursorOffset : 0);
            if (segment.Pending.Count == 0)
            {
                File.Delete(path);
                continue;
            }

            segments.Add(segment);
            foreach (var entry in segment.Pending)
            {
                pendingBytes += entry.Length;
                pendingDeltas += entry.Count;
                pendingBatches++;
            }
        }

        nextSegment = Math.Max(nextSegment, cursorSegment);
    }

    /// <summary>Indexes the whole records from <paramref name="from"/> on; a record cut short by a crash ends the segment and is truncated away.</summary>
    private void Scan(Segment segment, long from)
    {
        using var file = new FileStream(segment.Path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        var header = new byte[SpoolCodec.HeaderBytes];
        long offset = 0;
        while (offset + SpoolCodec.HeaderBytes <= file.Length)
        {
            file.Position = offset;
            file.ReadExactly(header);
            var length = SpoolCodec.PayloadLength(header, (int)Math.Min(int.MaxValue, maxBytes));
            if (length < 0 || offset + SpoolCodec.HeaderBytes + length > file.Length)
            {
                break;
            }

            var payload = new byte[length];
            file.ReadExactly(payload);
            if (!SpoolCodec.Verify(header, payload))
            {
                break;
            }

            if (offset >= from)
            {
                segment.Pending.Enqueue(new Entry(offset, SpoolCodec.HeaderBytes + length, SpoolCodec.Count(payload)));
            }

            offset += SpoolCodec.HeaderBytes + length;
        }

        if (offset < file.Length)
        {
            Interlocked.Increment(ref corruptRecords);
            file.SetLength(offset);
            file.Flush(flushToDisk: true);
        }

        segment.Length = offset;
    }

    private (long Segment, long Offset) ReadCursor()
    {
        Span<byte> bytes = stackalloc byte[CursorBytes];
        cursor.Position = 0;
        if (cursor.Length < CursorBytes || cursor.Read(bytes) < CursorBytes
            || BinaryPrimitives.ReadUInt32LittleEndian(bytes[16..]) != Crc32.Compute(bytes[..16]))
        {
            // No cursor yet (or a torn one): replay everything still on disk; a duplicate beats a loss.
            return (0, 0);
        }

        return (BinaryPrimitives.ReadInt64LittleEndian(bytes), BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]));
    }
}

using System.Buffers.Binary;
using ActorTrap.Node.Reputation.Scoring;

namespace ActorTrap.Node.Reputation.Spool;

/// <summary>
/// A bounded, crash-safe FIFO of batches on disk (<c>data-dir/spool</c>) for while the store is unreachable.
/// Batches are appended to numbered segment files and fsynced; a cursor file (fsynced) records the oldest batch
/// not yet in the store, so a restart replays what was left, in order. A torn last record (killed mid-write) is cut
/// off on open. What is in the spool counts as accepted, so nothing in it is ever dropped to make room: a batch that
/// does not fit is refused (<see cref="Append"/> returns false, <see cref="RefusedDeltas"/> counts it) and stays with
/// whoever offered it. The spool never grows past <c>max-size</c> (plus one segment being emptied).
/// Thread-safe; calls do blocking file I/O (only during an outage, once per batch).
/// </summary>
internal sealed partial class DiskSpool : IDisposable
{
    private const string SegmentSuffix = ".spool";
    private const int CursorBytes = 20;
    private readonly Lock gate = new();
    private readonly string directory;
    private readonly long maxBytes;
    private readonly long segmentBytes;
    private readonly List<Segment> segments = [];
    private readonly FileStream cursor;
    private FileStream? active;
    private long nextSegment = 1;
    private long pendingBytes;
    private long pendingDeltas;
    private int pendingBatches;
    private long refusedDeltas;
    private long corruptRecords;

    public DiskSpool(string directory, long maxBytes)
    {
        this.directory = directory;
        this.maxBytes = maxBytes;
        // Segments of an eighth of the bound keep the disk overshoot small and files few.
        segmentBytes = Math.Clamp(maxBytes / 8, 16 * 1024, 8 * 1024 * 1024);
        Directory.CreateDirectory(directory);
        cursor = new FileStream(Path.Combine(directory, "cursor"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        Recover();
    }

    /// <summary>Batches waiting for the store.</summary>
    public int PendingBatches { get { lock (gate) { return pendingBatches; } } }

    /// <summary>Evidence (deltas) waiting for the store.</summary>
    public long PendingDeltas { get { lock (gate) { return pendingDeltas; } } }

    public long PendingBytes { get { lock (gate) { return pendingBytes; } } }

    public bool IsEmpty => PendingBatches == 0;

    /// <summary>Evidence refused because the spool was full, since this process started.</summary>
    public long RefusedDeltas => Interlocked.Read(ref refusedDeltas);

    /// <summary>Records found corrupt (bad checksum or unreadable) and skipped.</summary>
    public long CorruptRecords => Interlocked.Read(ref corruptRecords);

    /// <summary>Appends a batch durably (fsynced before this returns); false, and nothing written, when it does not fit.</summary>
    public bool Append(IReadOnlyList<EvidenceDelta> batch)
    {
        if (batch.Count == 0)
        {
            return true;
        }

        var record = SpoolCodec.Encode(batch);
        lock (gate)
        {
            if (pendingBytes + record.Length > maxBytes)
            {
                Interlocked.Add(ref refusedDeltas, batch.Count);
                return false;
            }

            var segment = ActiveSegment(record.Length);
            var offset = active!.Length;
            active.Position = offset;
            active.Write(record);
            active.Flush(flushToDisk: true);
            segment.Pending.Enqueue(new Entry(offset, record.Length, batch.Count));
            segment.Length = active.Length;
            pendingBytes += record.Length;
            pendingDeltas += batch.Count;
            pendingBatches++;
            return true;
        }
    }

    /// <summary>The oldest batch, or null when the spool is empty. Corrupt records are skipped (and counted).</summary>
    public SpooledBatch? Peek()
    {
        lock (gate)
        {
            while (pendingBatches > 0)
            {
                var segment = segments.First(s => s.Pending.Count > 0);
                var entry = segment.Pending.Peek();
                var payload = ReadPayload(segment, entry);
                if (payload is not null && SpoolCodec.Decode(payload) is { } deltas)
                {
                    return new SpooledBatch(segment.Number, entry.Offset, deltas);
                }

                Interlocked.Increment(ref corruptRecords);
                ConsumeOldest(segment);
                WriteCursor();
            }

            return null;
        }
    }

    /// <summary>Marks <paramref name="batch"/> as stored. Ignored unless it is the oldest pending batch (committed twice).</summary>
    public void Commit(SpooledBatch batch)
    {
        lock (gate)
        {
            var segment = segments.FirstOrDefault(s => s.Pending.Count > 0);
            if (segment is null || segment.Number != batch.Segment || segment.Pending.Peek().Offset != batch.Offset)
            {
                return;
            }

            ConsumeOldest(segment);
            WriteCursor();
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            active?.Dispose();
            active = null;
            cursor.Dispose();
        }
    }

    private void ConsumeOldest(Segment segment)
    {
        var entry = segment.Pending.Dequeue();
        pendingBytes -= entry.Length;
        pendingDeltas -= entry.Count;
        pendingBatches--;
        if (segment.Pending.Count == 0)
        {
            if (segment.Number == nextSegment - 1 && active is not null)
            {
                active.Dispose();
                active = null;
            }

            segments.Remove(segment);
            File.Delete(segment.Path);
        }
    }

    private Segment ActiveSegment(int recordBytes)
    {
        var last = segments.Count > 0 ? segments[^1] : null;
        if (active is not null && last is not null && last.Number == nextSegment - 1 && (last.Length == 0 || last.Length + recordBytes <= segmentBytes))
        {
            return last;
        }

        active?.Dispose();
        var segment = new Segment(nextSegment++, directory);
        active = new FileStream(segment.Path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read);
        segments.Add(segment);
        return segment;
    }

    private byte[]? ReadPayload(Segment segment, Entry entry)
    {
        try
        {
            using var file = new FileStream(segment.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var record = new byte[entry.Length];
            file.Position = entry.Offset;
            file.ReadExactly(record);
            var payload = record.AsSpan(SpoolCodec.HeaderBytes);
            return SpoolCodec.Verify(record, payload) ? payload.ToArray() : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Position of the oldest unconsumed record: (segment, offset), with a checksum against a torn write.</summary>
    private void WriteCursor()
    {
        var first = segments.FirstOrDefault(s => s.Pending.Count > 0);
        Span<byte> bytes = stackalloc byte[CursorBytes];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, first?.Number ?? nextSegment);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[8..], first?.Pending.Peek().Offset ?? 0);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[16..], Crc32.Compute(bytes[..16]));
        cursor.Position = 0;
        cursor.Write(bytes);
        cursor.Flush(flushToDisk: true);
    }

    private sealed class Segment(long number, string directory)
    {
        public long Number { get; } = number;

        public string Path { get; } = System.IO.Path.Combine(directory, number.ToString("D12", System.Globalization.CultureInfo.InvariantCulture) + SegmentSuffix);

        public long Length { get; set; }

        public Queue<Entry> Pending { get; } = new();
    }

    private readonly record struct Entry(long Offset, int Length, int Count);
}

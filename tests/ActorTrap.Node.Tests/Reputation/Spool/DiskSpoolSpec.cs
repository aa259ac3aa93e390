using System.Net;
using ActorTrap.Node.Reputation.Scoring;
using ActorTrap.Node.Reputation.Spool;
using ActorTrap.Node.Tests.Reputation.Support;
using static ActorTrap.Node.Tests.Reputation.Support.Evidence;

namespace ActorTrap.Node.Tests.Reputation.Spool;

public sealed class DiskSpoolSpec : IDisposable
{
    private readonly TempDirectory dir = new();

    private static EvidenceDelta[] Batch(int first, int count) =>
        Enumerable.Range(first, count).Select(i => Delta($"10.0.{i / 250}.{i % 250}", i, T0 + TimeSpan.FromSeconds(i), "no-quit", "zone.example")).ToArray();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void Batches_come_back_in_order_with_every_field_and_commit_removes_them()
    {
        using var spool = new DiskSpool(dir.Path, 1 << 20);
        var trap = Delta("2001:db8::9", 1.25, T0, "trap-address") with { Allowed = true, Verdicts = 7, First = T0 - TimeSpan.FromMinutes(1) };
        spool.Append(Batch(0, 3));
        spool.Append([trap]);
        Assert.Equal((2, 4L), (spool.PendingBatches, spool.PendingDeltas));

        var a = spool.Peek()!;
        Assert.Equal(Batch(0, 3).Select(d => (d.Address, d.Score, d.First, d.Last, d.Verdicts, d.Trap, d.Allowed)),
            a.Deltas.Select(d => (d.Address, d.Score, d.First, d.Last, d.Verdicts, d.Trap, d.Allowed)));
        Assert.Equal(["no-quit", "zone.example"], a.Deltas[0].Reasons);
        Assert.Same(a.Deltas, a.Deltas);
        Assert.Equal(a.Offset, spool.Peek()!.Offset);
        spool.Commit(a);

        var b = Assert.Single(spool.Peek()!.Deltas);
        Assert.Equal((trap.Address, trap.Score, trap.First, trap.Last, trap.Verdicts, trap.Trap, trap.Allowed, trap.Reasons.Single()),
            (b.Address, b.Score, b.First, b.Last, b.Verdicts, b.Trap, b.Allowed, b.Reasons.Single()));
        spool.Commit(spool.Peek()!);
        Assert.True(spool.IsEmpty);
        Assert.Null(spool.Peek());
        Assert.Empty(Directory.GetFiles(dir.Path, "*.spool"));
    }

    [Fact]
    public void Reopened_spool_replays_what_was_not_committed_in_order()
    {
        using (var spool = new DiskSpool(dir.Path, 1 << 20))
        {
            for (var i = 0; i < 5; i++)
            {
                spool.Append(Batch(i * 10, 10));
            }

            spool.Commit(spool.Peek()!);
            spool.Commit(spool.Peek()!);
        }

        using var reopened = new DiskSpool(dir.Path, 1 << 20);
        Assert.Equal((3, 30L), (reopened.PendingBatches, reopened.PendingDeltas));
        var seen = new List<double>();
        while (reopened.Peek() is { } batch)
        {
            seen.AddRange(batch.Deltas.Select(d => d.Score));
            reopened.Commit(batch);
        }

        Assert.Equal(Enumerable.Range(20, 30).Select(i => (double)i), seen);
    }

    [Fact]
    public void Full_spool_refuses_what_does_not_fit_and_keeps_every_batch_it_took()
    {
        var record = SpoolCodec.Encode(Batch(0, 50)).Length;
        var bound = Math.Max(64 * 1024, record * 10 + record / 2);
        using var spool = new DiskSpool(dir.Path, bound);
        var capacity = (int)(bound / record);
        var taken = Enumerable.Range(0, capacity + 5).Count(i => spool.Append(Batch(i * 50, 50)));

        Assert.Equal(capacity, taken);
        Assert.Equal(capacity, spool.PendingBatches);
        Assert.Equal(5 * 50, spool.RefusedDeltas);
        Assert.True(spool.PendingBytes <= bound);
        // The oldest is still first: nothing accepted was given up to make room.
        Assert.Equal(0, spool.Peek()!.Deltas[0].Score);
        var onDisk = Directory.GetFiles(dir.Path, "*.spool").Sum(f => new FileInfo(f).Length);
        Assert.True(onDisk <= spool.PendingBytes + (64 * 1024), $"{onDisk} bytes on disk for {spool.PendingBytes} pending");

        // Room again once the store took the oldest.
        spool.Commit(spool.Peek()!);
        Assert.True(spool.Append(Batch(9000, 50)));
    }

    [Fact]
    public void Batch_larger_than_the_whole_spool_is_refused_and_counted()
    {
        using var spool = new DiskSpool(dir.Path, 64 * 1024);
        Assert.False(spool.Append(Batch(0, 5000)));
        Assert.Equal(5000, spool.RefusedDeltas);
        Assert.True(spool.IsEmpty);
    }

    [Fact]
    public void Record_torn_by_a_crash_is_cut_off_and_the_whole_ones_survive()
    {
        using (var spool = new DiskSpool(dir.Path, 1 << 20))
        {
            spool.Append(Batch(0, 4));
            spool.Append(Batch(4, 4));
        }

        var segment = Directory.GetFiles(dir.Path, "*.spool").Single();
        var length = new FileInfo(segment).Length;
        using (var file = new FileStream(segment, FileMode.Open))
        {
            file.SetLength(length - 7);
        }

        using var reopened = new DiskSpool(dir.Path, 1 << 20);
        Assert.Equal(1, reopened.PendingBatches);
        Assert.Equal(1, reopened.CorruptRecords);
        Assert.Equal(4, reopened.Peek()!.Deltas.Count);
        reopened.Append(Batch(8, 1));
        Assert.Equal(2, reopened.PendingBatches);
    }

    [Fact]
    public void Corrupted_record_is_skipped_and_counted_not_replayed()
    {
        using (var spool = new DiskSpool(dir.Path, 1 << 20))
        {
            spool.Append(Batch(0, 4));
            spool.Append(Batch(4, 4));
        }

        var segment = Directory.GetFiles(dir.Path, "*.spool").Single();
        var bytes = File.ReadAllBytes(segment);
        bytes[SpoolCodec.HeaderBytes + 10] ^= 0xFF;
        File.WriteAllBytes(segment, bytes);

        using var reopened = new DiskSpool(dir.Path, 1 << 20);
        // The scan stops at the bad checksum: the damaged record and what follows it in that segment are cut.
        Assert.Equal(0, reopened.PendingBatches);
        Assert.Equal(1, reopened.CorruptRecords);
        Assert.Null(reopened.Peek());
    }

    [Fact]
    public void Committing_the_same_batch_twice_consumes_it_once()
    {
        using var spool = new DiskSpool(dir.Path, 1 << 20);
        spool.Append(Batch(0, 20));
        spool.Append(Batch(20, 20));
        var peeked = spool.Peek()!;
        spool.Commit(peeked);
        spool.Commit(peeked);
        Assert.Equal(1, spool.PendingBatches);
        Assert.Equal(20, spool.Peek()!.Deltas[0].Score);
    }
}

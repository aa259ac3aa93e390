using System.Net;
using System.Text;
using ActorTrap.Node.Reputation.Scoring;
using ActorTrap.Node.Reputation.Spool;
using static ActorTrap.Node.Tests.Reputation.Support.Evidence;

namespace ActorTrap.Node.Tests.Reputation.Spool;

public sealed class SpoolCodecSpec
{
    private static byte[] Payload(byte[] record)
    {
        Assert.True(SpoolCodec.Verify(record, record.AsSpan(SpoolCodec.HeaderBytes)));
        return record[SpoolCodec.HeaderBytes..];
    }

    [Fact]
    public void Verdict_ids_survive_the_round_trip_with_every_other_field()
    {
        var combined = Delta("2001:db8::9", 1.25, T0, "no-quit", "trap-address")
            with { Allowed = true, Verdicts = 3, First = T0 - TimeSpan.FromMinutes(1), SoftKinds = 6, Virtue = -0.5, Ids = [long.MinValue, -1, 42] };
        var bare = Delta("192.0.2.1", 2, T0);
        var decoded = SpoolCodec.Decode(Payload(SpoolCodec.Encode([combined, bare])));

        Assert.NotNull(decoded);
        Assert.Equal(2, decoded.Count);
        var d = decoded[0];
        Assert.Equal((combined.Address, combined.Score, combined.First, combined.Last, combined.Verdicts, combined.Trap, combined.Allowed, combined.SoftKinds, combined.Virtue),
            (d.Address, d.Score, d.First, d.Last, d.Verdicts, d.Trap, d.Allowed, d.SoftKinds, d.Virtue));
        Assert.Equal(combined.Reasons, d.Reasons);
        Assert.Equal([long.MinValue, -1L, 42L], d.Ids);
        Assert.Empty(decoded[1].Ids);
    }

    [Fact]
    public void Reporters_survive_the_round_trip_and_a_delta_without_them_stays_the_own_sessions_issue_18()
    {
        var remote = Delta("11.0.0.1", 1, T0) with { Reporters = [new ReporterMark("det-a", T0, false), new ReporterMark("det-b", T0.AddSeconds(1), true)] };
        var decoded = SpoolCodec.Decode(Payload(SpoolCodec.Encode([remote, Delta("11.0.0.2", 1, T0)])));

        Assert.Equal(remote.Reporters, decoded![0].Reporters);
        Assert.Empty(decoded[1].Reporters);
    }

    [Fact]
    public void Version_3_record_written_before_reporters_still_decodes_as_the_own_sessions_issue_18()
    {
        var payload = Payload(SpoolCodec.Encode([Delta("11.0.0.1", 1, T0) with { Ids = [5] }]));
        // Version 3 is version 4 without the reporter count at the end of each delta.
        payload[0] = 3;
        var decoded = SpoolCodec.Decode(payload[..^1]);

        var d = Assert.Single(decoded!);
        Assert.Equal([5L], d.Ids);
        Assert.Empty(d.Reporters);
    }

    [Fact]
    public void Version_2_record_written_before_ids_still_decodes_without_ids()
    {
        var decoded = SpoolCodec.Decode(Version2Payload());

        var d = Assert.Single(decoded!);
        Assert.Equal((IPAddress.Parse("192.0.2.1"), 1.5, T0 - TimeSpan.FromSeconds(5), T0, 2, true, false, 4, -0.25),
            (d.Address, d.Score, d.First, d.Last, d.Verdicts, d.Trap, d.Allowed, d.SoftKinds, d.Virtue));
        Assert.Equal(["no-quit", "trap-address"], d.Reasons);
        Assert.Empty(d.Ids);
    }

    [Fact]
    public void Id_count_larger_than_the_record_is_not_decoded()
    {
        var payload = Payload(SpoolCodec.Encode([Delta("192.0.2.1", 1, T0) with { Ids = [7] }]));
        // The id count is the u32 just before the last id, which is followed by the reporter count (one byte).
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(payload.Length - 13), 1_000_000);
        Assert.Null(SpoolCodec.Decode(payload));
    }

    /// <summary>One delta as the version-2 encoder wrote it (the layout in SpoolCodec's summary, without ids).</summary>
    private static byte[] Version2Payload()
    {
        using var payload = new MemoryStream();
        using (var w = new BinaryWriter(payload, Encoding.ASCII, leaveOpen: true))
        {
            w.Write((byte)2);
            w.Write(1);
            w.Write((byte)4);
            w.Write(new byte[] { 192, 0, 2, 1 });
            w.Write(1.5);
            w.Write((T0 - TimeSpan.FromSeconds(5)).ToUnixTimeMilliseconds());
            w.Write(T0.ToUnixTimeMilliseconds());
            w.Write(2);
            w.Write((byte)1);
            w.Write((byte)2);
            foreach (var reason in new[] { "no-quit", "trap-address" })
            {
                w.Write((byte)reason.Length);
                w.Write(Encoding.ASCII.GetBytes(reason));
            }

            w.Write(4);
            w.Write(-0.25);
        }

        return payload.ToArray();
    }
}

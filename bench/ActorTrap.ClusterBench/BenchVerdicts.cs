using System.Net;
using ActorTrap.Node.Session;

namespace ActorTrap.ClusterBench;

/// <summary>The verdicts the bench submits, as a session would hand them to its node's verdict sink.</summary>
internal static class BenchVerdicts
{
    /// <summary>Two soft sins (1 together): stored, never listed however often it repeats (soft-cap 2 &lt; threshold 3).</summary>
    private static readonly Sin[] Soft = [new(SinKind.MissingRdns, 0.5), new(SinKind.HeloNotFqdn, 0.5)];

    /// <summary>A trap-address sin (weight 5 as shipped): listed at once, announced to every node.</summary>
    private static readonly Sin[] Trap = [new(SinKind.TrapAddress, 5)];

    public static Verdict Unlisting(IPAddress client, string node, DateTimeOffset at) =>
        new(client, node, at, at, SessionMode.Observe, SessionOutcome.Observed, null, Soft, 1, null, null, [], false, 0, 0);

    public static Verdict Listing(IPAddress client, string node, DateTimeOffset at) =>
        new(client, node, at, at, SessionMode.Observe, SessionOutcome.Observed, null, Trap, 5, null, null, [], false, 0, 0);

    /// <summary>11.0.0.0/8 by index: globally routable, so a UDP feed collector takes reports about it (issue 18).</summary>
    public static IPAddress Routable(int index) => new([11, (byte)(index >> 16), (byte)(index >> 8), (byte)index]);

    /// <summary>The <paramref name="index"/>-th address of 10.0.0.0/8 (index below 2^24).</summary>

    public static IPAddress TenNet(int index) => new([10, (byte)(index >> 16), (byte)(index >> 8), (byte)index]);

    /// <summary>The <paramref name="index"/>-th address of 198.18.0.0/15 (RFC 2544's benchmark range; index below 2^17).</summary>
    public static IPAddress BenchNet(int index) => new([198, (byte)(18 + (index >> 16)), (byte)(index >> 8), (byte)index]);
}

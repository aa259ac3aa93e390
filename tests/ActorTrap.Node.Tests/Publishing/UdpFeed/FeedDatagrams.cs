using System.Net;
using System.Net.Sockets;
using ActorTrap.Node.Publishing.UdpFeed;
using ActorTrap.Node.Tests.Publishing.Support;

namespace ActorTrap.Node.Tests.Publishing.UdpFeed;

/// <summary>
/// Sends feed lines to a collector over a real loopback socket, paced: a burst of at most <see cref="Burst"/> lines,
/// then a bounded wait until the collector has counted every one of them, so none is lost to the kernel's buffer
/// and a test can read the counters right after.
/// </summary>
internal sealed class FeedDatagrams(IPEndPoint collector, FeedStats stats) : IDisposable
{
    private const int Burst = 64;
    private readonly Socket socket = new(collector.AddressFamily, SocketType.Dgram, ProtocolType.Udp);

    /// <summary>Every line the collector has counted, whatever its result.</summary>
    public long Counted => Enum.GetValues<FeedRejection>().Sum(stats.Lines);

    public async Task SendAsync(IEnumerable<byte[]> lines)
    {
        var expected = Counted;
        var burst = 0;
        foreach (var line in lines)
        {
            await socket.SendToAsync(line, SocketFlags.None, collector);
            expected++;
            if (++burst == Burst)
            {
                burst = 0;
                await Eventually.TrueAsync(() => Counted >= expected, TimeSpan.FromSeconds(20), "the collector counting every line sent");
            }
        }

        await Eventually.TrueAsync(() => Counted >= expected, TimeSpan.FromSeconds(20), "the collector counting every line sent");
    }

    public Task SendAsync(params byte[][] lines) => SendAsync((IEnumerable<byte[]>)lines);

    public void Dispose() => socket.Dispose();
}

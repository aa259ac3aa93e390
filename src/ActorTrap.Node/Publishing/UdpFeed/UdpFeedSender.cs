using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Session;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Publishing.UdpFeed;

/// <summary>
/// The detector side: every verdict becomes one signed line in one UDP datagram to the collector, so a detector node
/// needs no database credentials. <see cref="Submit"/> never blocks and never throws: verdicts wait in a bounded
/// queue for one sending task, and when the queue is full the new verdict is dropped and counted.
/// </summary>
internal sealed class UdpFeedSender : IVerdictSink, IAsyncDisposable
{
    private readonly Channel<Verdict> queue;
    private readonly Socket socket;
    // Swapped whole by a reload (SIGHUP, a key rotation); the send loop reads it once per line.
    private volatile SigningKey signing;
    private readonly ILogger logger;
    private readonly Task loop;
    private long lastFailureLogged = long.MinValue;

    public UdpFeedSender(IPEndPoint collector, string keyId, byte[] key, int queueLength, FeedStats stats, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(collector);
        signing = new SigningKey(keyId, key);
        this.logger = logger;
        Stats = stats;
        Collector = collector;
        queue = Channel.CreateBounded<Verdict>(new BoundedChannelOptions(queueLength)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        });
        socket = new Socket(collector.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(collector);
        loop = Task.Run(SendLoopAsync);
        Log.FeedSenderStarted(logger, ListenAddress.Format(collector));
        Log.FeedSenderReporter(logger, keyId);
    }

    /// <summary>A reload's <c>udp-feed.key-id</c> and <c>udp-feed.key</c>: lines sent from now on are signed with them.</summary>
    public void UseKey(string keyId, byte[] key) => signing = new SigningKey(keyId, key);

    public IPEndPoint Collector { get; }

    public FeedStats Stats { get; }

    public void Submit(Verdict verdict)
    {
        if (verdict is null || !queue.Writer.TryWrite(verdict))
        {
            Stats.CountSendDropped();
        }
    }

    /// <summary>Stops taking verdicts, sends what is queued, then closes the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await loop.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        socket.Dispose();
    }

    private async Task SendLoopAsync()
    {
        await foreach (var verdict in queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                var current = signing;
                await socket.SendAsync(FeedLine.Format(verdict, current.Id, current.Key), SocketFlags.None).ConfigureAwait(false);
                Stats.CountSent();
            }
            catch (SocketException e)
            {
                // An ICMP "port unreachable" from an earlier datagram surfaces here: the collector is down. Logged at
                // most once a minute, counted always.
                Stats.CountSendFailed();
                var now = Environment.TickCount64;
                if (now - lastFailureLogged > 60_000)
                {
                    lastFailureLogged = now;
                    Log.FeedSendFailed(logger, ListenAddress.Format(Collector), e.SocketErrorCode.ToString());
                }
            }
        }
    }
}

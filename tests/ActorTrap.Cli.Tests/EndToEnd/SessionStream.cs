using System.Net;
using System.Net.Sockets;

namespace ActorTrap.Cli.Tests.EndToEnd;

/// <summary>
/// New sessions, one after another from each worker until stopped, each leaving exactly one stored verdict: after the
/// final 220 the client says <c>GET / HTTP/1.0</c> (a non-SMTP sin) and the server answers 421 and hangs up. Worker <c>w</c> of node
/// <c>n</c> comes from <c>127.{octet}.{n * workersPerNode + w}.1-250</c>, so the store's rows tell which node each
/// verdict was submitted to. A session counts as finished once the server judged and closed it (its verdict was submitted).
/// Bounded: every read waits at most 5 s, a worker pauses 100 ms after a failed session (a frozen node fails them as
/// fast as they are tried), and it stops after <see cref="MaxSessionsPerWorker"/> or when its node's process has exited.
/// </summary>
internal sealed class SessionStream : IAsyncDisposable
{
    public const int MaxSessionsPerWorker = 5000;

    private readonly ClusterNodes nodes;
    private readonly int workersPerNode;
    private readonly byte octet;
    private readonly long[] finished;
    private readonly long[] failed;
    private readonly CancellationTokenSource stop = new();
    private readonly Task[] workers;

    public SessionStream(ClusterNodes nodes, byte octet, int workersPerNode)
    {
        this.nodes = nodes;
        this.octet = octet;
        this.workersPerNode = workersPerNode;
        finished = new long[nodes.Count];
        failed = new long[nodes.Count];
        workers = [.. Enumerable.Range(0, nodes.Count * workersPerNode).Select(w => Task.Run(() => WorkAsync(w / workersPerNode, w % workersPerNode)))];
    }

    /// <summary>The network the stream's clients come from, as PostgreSQL's inet text.</summary>
    public string Network => $"127.{octet}.0.0/16";

    public long Finished(int node) => Interlocked.Read(ref finished[node]);

    public long Failed(int node) => Interlocked.Read(ref failed[node]);

    /// <summary>The node the client <paramref name="address"/> of this stream talked to.</summary>
    public int NodeOf(IPAddress address) => address.GetAddressBytes()[2] / workersPerNode;

    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(workers);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        stop.Dispose();
    }

    /// <summary>
    /// One session from <paramref name="source"/>; true when the server judged it (its 421 "not an SMTP client") and
    /// closed it. A session a stopping node ends first with its own 421 carries no sin, and its verdict is not stored.
    /// </summary>
    public static async Task<bool> NonSmtpSessionAsync(IPAddress source, IPEndPoint server)
    {
        using var client = await RawSmtpClient.ConnectAsync(source, server);
        if (!await client.ReadUntilLineAsync("220 ", TimeSpan.FromSeconds(5)))
        {
            return false;
        }

        await client.SendRawAsync("GET / HTTP/1.0\r\n\r\n");
        var reply = await client.ReadReplyAsync(TimeSpan.FromSeconds(5));
        return reply is not null && reply.Contains("not an SMTP client", StringComparison.Ordinal)
            && await client.ReadUntilClosedAsync(TimeSpan.FromSeconds(5));
    }

    private async Task WorkAsync(int n, int worker)
    {
        for (var i = 0; i < MaxSessionsPerWorker && !stop.IsCancellationRequested; i++)
        {
            if (!nodes.IsRunning(n))
            {
                return;
            }

            var node = nodes[n];
            var source = IPAddress.Parse($"127.{octet}.{(n * workersPerNode) + worker}.{1 + (i % 250)}");
            try
            {
                if (await NonSmtpSessionAsync(source, node.Smtp))
                {
                    Interlocked.Increment(ref finished[n]);
                    continue;
                }
            }
            catch (Exception e) when (e is SocketException or TimeoutException or IOException)
            {
                if (node.Process.HasExited)
                {
                    Interlocked.Increment(ref failed[n]);
                    return;
                }
            }

            Interlocked.Increment(ref failed[n]);
            try
            {
                await Task.Delay(100, stop.Token); // the client's pace after a failure, not a wait for an outcome
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ActorTrap.LoadGen;

/// <summary>
/// Opens many connections from distinct loopback source addresses and keeps them open, reading whatever the server
/// trickles, then measures the node: resident memory per held connection over the baseline, and CPU while it
/// trickles. Closes everything at the end.
/// </summary>
internal static class HoldLoad
{
    public static async Task<int> RunAsync(LoadOptions o)
    {
        var sampler = o.Pid is { } pid ? new ProcessSampler(pid) : null;
        var baselineRss = sampler?.Rss() ?? 0;
        var sockets = new Socket?[o.Connections];
        long bytes = 0;
        var closedByServer = 0;
        var failed = 0;
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(o.Ramp + o.Settle + o.Duration + TimeSpan.FromMinutes(1));
        var readers = new List<Task>(o.Connections);
        var perConnect = o.Ramp / o.Connections;
        using var gate = new SemaphoreSlim(200);
        var connects = new List<Task>(o.Connections);
        for (var i = 0; i < o.Connections; i++)
        {
            var index = i;
            var due = perConnect * i;
            if (clock.Elapsed < due)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            await gate.WaitAsync();
            connects.Add(Task.Run(async () =>
            {
                try
                {
                    var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    s.Bind(new IPEndPoint(o.Source(index), 0));
                    await s.ConnectAsync(o.Target, stop.Token);
                    sockets[index] = s;
                    lock (readers)
                    {
                        readers.Add(ReadAsync(s));
                    }
                }
                catch (SocketException)
                {
                    Interlocked.Increment(ref failed);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        await Task.WhenAll(connects);
        var connected = sockets.Count(s => s is not null);
        Console.WriteLine($"connected {connected} of {o.Connections} in {clock.Elapsed.TotalSeconds:0.0} s ({failed} failed); settling {o.Settle.TotalSeconds} s");
        await Task.Delay(o.Settle);

        var cpuBefore = sampler?.Cpu() ?? TimeSpan.Zero;
        var bytesBefore = Interlocked.Read(ref bytes);
        var window = Stopwatch.StartNew();
        await Task.Delay(o.Duration);
        var elapsed = window.Elapsed;
        var held = connected - Volatile.Read(ref closedByServer);
        var report = new List<string>
        {
            $"held {held} (closed by server {Volatile.Read(ref closedByServer)}) for {elapsed.TotalSeconds:0.0} s",
            string.Create(CultureInfo.InvariantCulture, $"received {(Interlocked.Read(ref bytes) - bytesBefore) / elapsed.TotalSeconds:0} B/s trickled"),
        };
        if (sampler is not null)
        {
            var rss = sampler.Rss();
            var cpu = sampler.Cpu() - cpuBefore;
            report.Add(string.Create(CultureInfo.InvariantCulture,
                $"node RSS {baselineRss / 1048576.0:0.0} MiB before, {rss / 1048576.0:0.0} MiB held: {(rss - baselineRss) / (double)Math.Max(held, 1):0} B per held connection"));
            report.Add(string.Create(CultureInfo.InvariantCulture,
                $"node CPU {cpu.TotalSeconds / elapsed.TotalSeconds * 100:0.00} % of one core while holding; {sampler.OpenFiles()} descriptors open"));
        }

        foreach (var line in report)
        {
            Console.WriteLine(line);
        }

        foreach (var s in sockets)
        {
            s?.Dispose();
        }

        await Task.WhenAny(Task.WhenAll(readers), Task.Delay(TimeSpan.FromSeconds(10)));
        return 0;

        async Task ReadAsync(Socket s)
        {
            var buffer = new byte[256];
            try
            {
                while (true)
                {
                    var n = await s.ReceiveAsync(buffer, SocketFlags.None, stop.Token);
                    if (n == 0)
                    {
                        Interlocked.Increment(ref closedByServer);
                        return;
                    }

                    Interlocked.Add(ref bytes, n);
                }
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }
}

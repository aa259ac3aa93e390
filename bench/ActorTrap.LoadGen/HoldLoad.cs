using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ActorTrap.LoadGen;

/// <summary>
/// Opens many connections from distinct loopback source addresses and keeps them open, reading whatever the server
/// trickles, then measures the node: resident memory per held connection over the baseline, and CPU while it
/// trickles. With an arrival rate, new connections keep arriving during the hold (each replacing the oldest one, so
/// the count stays level). Closes everything at the end. The last line is machine-readable (<c>result k=v ...</c>).
/// </summary>
internal static class HoldLoad
{
    public static async Task<int> RunAsync(LoadOptions o)
    {
        var sampler = o.Pid is { } pid ? new ProcessSampler(pid) : null;
        var baselineRss = sampler?.Rss() ?? 0;
        var held = new Queue<Held>(o.Connections);
        var heldLock = new Lock();
        long bytes = 0;
        var closedByServer = 0;
        var failed = 0;
        var connectedTotal = 0;
        var arrived = 0;
        var arrivalFailed = 0;
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(o.Ramp + o.Settle + o.Duration + TimeSpan.FromMinutes(2));
        var readers = new List<Task>(o.Connections);
        var perConnect = o.Ramp / o.Connections;
        using var gate = new SemaphoreSlim(200);
        var connects = new List<Task>(o.Connections);
        for (var i = 0; i < o.Connections; i++)
        {
            var due = perConnect * i;
            if (clock.Elapsed < due)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            await gate.WaitAsync();
            connects.Add(OpenAsync(i, arrival: false));
        }

        await Task.WhenAll(connects);
        Console.WriteLine($"connected {Volatile.Read(ref connectedTotal)} of {o.Connections} in {clock.Elapsed.TotalSeconds:0.0} s ({failed} failed); settling {o.Settle.TotalSeconds} s");

        // Churn: every second, the next arrival-rate source addresses connect and as many of the oldest close.
        using var churnStop = new CancellationTokenSource();
        var churn = o.ArrivalRate > 0 ? Task.Run(() => ChurnAsync(churnStop.Token)) : Task.CompletedTask;
        var status = o.Status > TimeSpan.Zero ? Task.Run(() => StatusAsync(churnStop.Token)) : Task.CompletedTask;
        await Task.Delay(o.Settle);

        var cpuBefore = sampler?.Cpu() ?? TimeSpan.Zero;
        var bytesBefore = Interlocked.Read(ref bytes);
        var window = Stopwatch.StartNew();
        await Task.Delay(o.Duration);
        var elapsed = window.Elapsed;
        int heldNow;
        lock (heldLock)
        {
            heldNow = held.Count(h => !h.ClosedByServer);
        }

        var rssPerHeld = double.NaN;
        var cpuPercent = double.NaN;
        var report = new List<string>
        {
            $"held {heldNow} (closed by server {Volatile.Read(ref closedByServer)}) for {elapsed.TotalSeconds:0.0} s; {Volatile.Read(ref arrived)} arrivals during settle and hold ({Volatile.Read(ref arrivalFailed)} failed)",
            string.Create(CultureInfo.InvariantCulture, $"received {(Interlocked.Read(ref bytes) - bytesBefore) / elapsed.TotalSeconds:0} B/s trickled"),
        };
        if (sampler is not null)
        {
            var rss = sampler.Rss();
            var cpu = sampler.Cpu() - cpuBefore;
            rssPerHeld = (rss - baselineRss) / (double)Math.Max(heldNow, 1);
            cpuPercent = cpu.TotalSeconds / elapsed.TotalSeconds * 100;
            report.Add(string.Create(CultureInfo.InvariantCulture,
                $"node RSS {baselineRss / 1048576.0:0.0} MiB before, {rss / 1048576.0:0.0} MiB held: {(rss - baselineRss) / (double)Math.Max(heldNow, 1):0} B per held connection"));
            report.Add(string.Create(CultureInfo.InvariantCulture,
                $"node CPU {cpu.TotalSeconds / elapsed.TotalSeconds * 100:0.00} % of one core while holding; {sampler.OpenFiles()} descriptors open"));
        }

        await churnStop.CancelAsync();
        await Task.WhenAll(churn, status);
        foreach (var line in report)
        {
            Console.WriteLine(line);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"result connected={Volatile.Read(ref connectedTotal)} failed={Volatile.Read(ref failed) + Volatile.Read(ref arrivalFailed)} arrivals={Volatile.Read(ref arrived)} closed_by_server={Volatile.Read(ref closedByServer)} held={heldNow} rss_per_held={rssPerHeld:0} cpu_pct={cpuPercent:0.00}"));
        lock (heldLock)
        {
            foreach (var h in held)
            {
                h.Socket.Dispose();
            }

            held.Clear();
        }

        await Task.WhenAny(Task.WhenAll(readers), Task.Delay(TimeSpan.FromSeconds(10)));
        return 0;

        async Task OpenAsync(int index, bool arrival)
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                // IP_BIND_ADDRESS_NO_PORT: pick the local port at connect, per (source, destination), so 100,000
                // clients on one machine do not run out of the ~28,000 ephemeral ports.
                s.SetRawSocketOption(0, 24, BitConverter.GetBytes(1));
                s.Bind(new IPEndPoint(o.Source(index), 0));
                await s.ConnectAsync(o.Target, stop.Token);
                Interlocked.Increment(ref connectedTotal);
                if (arrival)
                {
                    Interlocked.Increment(ref arrived);
                }

                var h = new Held(s);
                lock (heldLock)
                {
                    held.Enqueue(h);
                }

                lock (readers)
                {
                    readers.Add(ReadAsync(h));
                }
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                s.Dispose();
                Interlocked.Increment(ref arrival ? ref arrivalFailed : ref failed);
            }
            finally
            {
                gate.Release();
            }
        }

        async Task ChurnAsync(CancellationToken token)
        {
            var next = o.Connections;
            using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1));
            try
            {
                while (await tick.WaitForNextTickAsync(token))
                {
                    var batch = new List<Task>(o.ArrivalRate);
                    for (var k = 0; k < o.ArrivalRate; k++)
                    {
                        Held? oldest = null;
                        lock (heldLock)
                        {
                            if (held.Count >= o.Connections)
                            {
                                oldest = held.Dequeue();
                            }
                        }

                        oldest?.Socket.Dispose();
                        await gate.WaitAsync(token);
                        batch.Add(OpenAsync(next++, arrival: true));
                    }

                    await Task.WhenAll(batch);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        async Task StatusAsync(CancellationToken token)
        {
            using var tick = new PeriodicTimer(o.Status);
            try
            {
                while (await tick.WaitForNextTickAsync(token))
                {
                    int count;
                    lock (heldLock)
                    {
                        count = held.Count;
                    }

                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"status t={clock.Elapsed.TotalSeconds:0} open={count} arrivals={Volatile.Read(ref arrived)} arrival_failed={Volatile.Read(ref arrivalFailed)} closed_by_server={Volatile.Read(ref closedByServer)} bytes={Interlocked.Read(ref bytes)}"));
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        async Task ReadAsync(Held h)
        {
            var s = h.Socket;
            var buffer = new byte[256];
            try
            {
                while (true)
                {
                    var n = await s.ReceiveAsync(buffer, SocketFlags.None, stop.Token);
                    if (n == 0)
                    {
                        h.ClosedByServer = true;
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

    private sealed class Held(Socket socket)
    {
        public Socket Socket { get; } = socket;

        private volatile bool closedByServer;

        public bool ClosedByServer
        {
            get => closedByServer;
            set => closedByServer = value;
        }
    }
}

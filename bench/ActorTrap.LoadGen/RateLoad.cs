using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ActorTrap.LoadGen;

/// <summary>
/// Connection rate: keeps --concurrency connections in flight, each from the next source address, reading until the
/// server closes it (drop mode: a 421 line, then FIN). Reports completed connections per second and latency.
/// </summary>
internal static class RateLoad
{
    public static async Task<int> RunAsync(LoadOptions o)
    {
        var sampler = o.Pid is { } pid ? new ProcessSampler(pid) : null;
        var latencies = new List<double>[o.Concurrency];
        var next = -1;
        long errors = 0;
        long timeouts = 0;
        var cpuBefore = sampler?.Cpu() ?? TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, o.Concurrency).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = [];
            var buffer = new byte[512];
            while (clock.Elapsed < o.Duration)
            {
                var index = Interlocked.Increment(ref next);
                var started = Stopwatch.GetTimestamp();
                using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    s.Bind(new IPEndPoint(o.Source(index), 0));
                    await s.ConnectAsync(o.Target, limit.Token);
                    while (await s.ReceiveAsync(buffer, SocketFlags.None, limit.Token) > 0)
                    {
                    }

                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref timeouts);
                }
                catch (SocketException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })).ToList();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        var all = latencies.SelectMany(l => l).OrderBy(x => x).ToList();
        double P(double q) => all.Count == 0 ? double.NaN : all[(int)Math.Min(all.Count - 1, q * all.Count)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{all.Count} connections accepted, answered and closed in {elapsed.TotalSeconds:0.0} s: {all.Count / elapsed.TotalSeconds:0} per second"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"latency connect-to-close p50 {P(0.5):0.0} ms, p99 {P(0.99):0.0} ms; {errors} errors, {timeouts} timeouts; {o.Concurrency} in flight"));
        if (sampler is not null)
        {
            var cpu = sampler.Cpu() - cpuBefore;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"node CPU {cpu.TotalSeconds / elapsed.TotalSeconds * 100:0} % of one core, RSS {sampler.Rss() / 1048576.0:0.0} MiB"));
        }

        return 0;
    }
}

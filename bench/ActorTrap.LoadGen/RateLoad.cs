using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorTrap.LoadGen;

/// <summary>
/// Connection rate: keeps --concurrency connections in flight, each from the next source address, reading until the
/// server closes it (drop mode: a 421 line, then FIN). Reports completed connections per second, latency and the code
/// of the first final reply line (421, 521, 220...). With --quit, a final 220 greeting is answered with QUIT, so a peer
/// that hands a client to its SMTP server (postscreen to smtpd) closes it too.
/// </summary>
internal static class RateLoad
{
    private static readonly byte[] QuitLine = "QUIT\r\n"u8.ToArray();

    public static async Task<int> RunAsync(LoadOptions o)
    {
        var sampler = o.Pid is { } pid ? new ProcessSampler(pid) : null;
        var latencies = new List<double>[o.Concurrency];
        var codes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var next = -1;
        long errors = 0;
        long timeouts = 0;
        var cpuBefore = sampler?.Cpu() ?? TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, o.Concurrency).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = [];
            var buffer = new byte[512];
            var text = new StringBuilder();
            while (clock.Elapsed < o.Duration)
            {
                var index = Interlocked.Increment(ref next);
                var started = Stopwatch.GetTimestamp();
                using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                text.Clear();
                string? code = null;
                try
                {
                    s.SetRawSocketOption(0, 24, BitConverter.GetBytes(1)); // IP_BIND_ADDRESS_NO_PORT
                    s.Bind(new IPEndPoint(o.Source(index), 0));
                    await s.ConnectAsync(o.Target, limit.Token);
                    int n;
                    while ((n = await s.ReceiveAsync(buffer, SocketFlags.None, limit.Token)) > 0)
                    {
                        if (code is null && text.Length < 2048)
                        {
                            text.Append(Encoding.ASCII.GetString(buffer, 0, n));
                            code = FinalCode(text);
                            if (code == "220" && o.Quit)
                            {
                                await s.SendAsync(QuitLine, SocketFlags.None, limit.Token);
                            }
                        }
                    }

                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    codes.AddOrUpdate(code ?? "none", 1, (_, c) => c + 1);
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
        var rate = all.Count / elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{all.Count} connections accepted, answered and closed in {elapsed.TotalSeconds:0.0} s: {rate:0} per second"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"latency connect-to-close p50 {P(0.5):0.0} ms, p99 {P(0.99):0.0} ms; {errors} errors, {timeouts} timeouts; {o.Concurrency} in flight"));
        var replies = string.Join(' ', codes.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}:{c.Value}"));
        Console.WriteLine($"first final reply: {replies}");
        var cpuPercent = double.NaN;
        if (sampler is not null)
        {
            var cpu = sampler.Cpu() - cpuBefore;
            cpuPercent = cpu.TotalSeconds / elapsed.TotalSeconds * 100;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"node CPU {cpuPercent:0} % of one core, RSS {sampler.Rss() / 1048576.0:0.0} MiB"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"result rate={rate:0.0} completed={all.Count} errors={errors} timeouts={timeouts} p50_ms={P(0.5):0.0} p99_ms={P(0.99):0.0} cpu_pct={cpuPercent:0.0}"));
        return 0;
    }

    /// <summary>The code of the first complete reply line that is not a continuation ("220-"), or null.</summary>
    private static string? FinalCode(StringBuilder text)
    {
        var s = text.ToString();
        var start = 0;
        int end;
        while ((end = s.IndexOf('\n', start)) >= 0)
        {
            if (end - start >= 4 && s[start + 3] == ' ')
            {
                return s.Substring(start, 3);
            }

            start = end + 1;
        }

        return null;
    }
}

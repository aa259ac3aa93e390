using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using ActorTrap.Dns;

namespace ActorTrap.Benchmarks.Dns;

/// <summary>
/// <c>codec-cpu [--count 5000000]</c>: parses the listed DNSBL answer of <see cref="DnsCodecBenchmarks"/> in a loop and
/// reports the thread's CPU time per parse next to wall time. On a shared, overloaded machine wall time counts the
/// time the thread waited for a core; CPU time does not, so it is the figure to compare with a target.
/// </summary>
internal static class CodecCpuTime
{
    public static int Run(string[] args)
    {
        var at = Array.IndexOf(args, "--count");
        var count = at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : 5_000_000;
        var bench = new DnsCodecBenchmarks();
        bench.Setup();
        for (var i = 0; i < 200_000; i++)
        {
            bench.ParseListedAnswer(); // tiered JIT up to full optimisation
        }

        Thread.Sleep(200);
        for (var round = 1; round <= 3; round++)
        {
            var cpu = ThreadCpu();
            var wall = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                bench.ParseListedAnswer();
            }

            var cpuNs = (ThreadCpu() - cpu).TotalNanoseconds / count;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round}: {count:N0} parses of a {bench.ListedBytes}-byte listed answer: {cpuNs:F1} ns CPU, {wall.Elapsed.TotalNanoseconds / count:F1} ns wall per parse"));
        }

        return 0;
    }

    private static TimeSpan ThreadCpu()
    {
        // CLOCK_THREAD_CPUTIME_ID = 3 on Linux.
        return clock_gettime(3, out var t) == 0 ? TimeSpan.FromTicks((t.Seconds * TimeSpan.TicksPerSecond) + (t.Nanoseconds / 100)) : TimeSpan.Zero;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int clock_gettime(int clock, out Timespec time);
}

using System.Globalization;

namespace ActorTrap.LoadGen;

/// <summary>Reads another process's resident memory and CPU time from /proc.</summary>
internal sealed class ProcessSampler(int pid)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>Resident set size in bytes (VmRSS).</summary>
    public long Rss()
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"no VmRSS for pid {pid}");
    }

    /// <summary>User plus system CPU time consumed so far.</summary>
    public TimeSpan Cpu()
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    public int OpenFiles() => Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length;
}

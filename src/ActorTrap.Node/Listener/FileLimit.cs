using System.Globalization;

namespace ActorTrap.Node.Listener;

/// <summary>
/// The process's open-file limit (RLIMIT_NOFILE soft limit) and how many descriptors are open now, read from
/// /proc/self. Each SMTP connection costs one descriptor; a server that runs out crashes or stops accepting, so the
/// connection cap is derived from this.
/// </summary>
internal static class FileLimit
{
    /// <summary>Used where /proc is not available (not Linux): the traditional default soft limit.</summary>
    public const int Fallback = 1024;

    public static int SoftLimit()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/limits"))
            {
                if (!line.StartsWith("Max open files", StringComparison.Ordinal))
                {
                    continue;
                }

                var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return fields.Length > 0 && fields[0] != "unlimited" && int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var soft)
                    ? soft
                    : int.MaxValue;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return Fallback;
    }

    /// <summary>Descriptors open in this process now, or -1 when it cannot be told.</summary>
    public static int OpenNow()
    {
        try
        {
            return Directory.GetFileSystemEntries("/proc/self/fd").Length;
        }
        catch (IOException)
        {
            return -1;
        }
        catch (UnauthorizedAccessException)
        {
            return -1;
        }
    }

    /// <summary>
    /// The SMTP connection cap: the configured one, or (when 0) the soft limit less what is open now and
    /// <paramref name="reserve"/>; never more than the limit allows. At least 1 so a tiny limit still serves.
    /// Call it when everything but the listeners runs: loading the web host alone opens about 100 descriptors.
    /// </summary>
    public static int ConnectionCap(int configured, int reserve, int softLimit, int openNow)
    {
        var available = (long)softLimit - Math.Max(openNow, 0) - reserve;
        var cap = configured > 0 ? Math.Min(configured, available) : available;
        return (int)Math.Clamp(cap, 1, int.MaxValue);
    }

    /// <summary>Held connections allowed when not configured: the cap less 10 % of it, at most 1000 (room for unlisted clients).</summary>
    public static int HeldCap(int configured, int connectionCap) =>
        configured > 0 ? Math.Min(configured, connectionCap) : Math.Max(1, connectionCap - Math.Min(1000, connectionCap / 10));
}

using System.Diagnostics;
using System.Text;

namespace ActorTrap.TestPeers;

/// <summary>
/// A started peer process: its output is kept for failure messages, its pid is recorded under
/// <c>$ACTORTRAP_TEST_RUN_DIR</c> (scripts/test.sh kills whatever a crashed test run left behind), and it is
/// killed and reaped on dispose.
/// </summary>
internal sealed class PeerProcess : IDisposable
{
    // Keeps a chatty peer from growing the buffer without bound over a long test.
    private const int MaxOutputChars = 64 * 1024;

    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly Lock gate = new();

    private string? pidFile;

    private PeerProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
    }

    public int Pid => process.Id;

    public bool HasExited => process.HasExited;

    public string Output
    {
        get
        {
            lock (gate)
            {
                return output.ToString();
            }
        }
    }

    public static PeerProcess Start(string name, string binary, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        var result = new PeerProcess(new Process { StartInfo = info });
        result.process.Start();
        result.process.BeginOutputReadLine();
        result.process.BeginErrorReadLine();
        result.RecordPid(name);
        return result;
    }

    /// <summary>Sends a POSIX signal (e.g. SIGHUP = 1 to make rbldnsd reload its zones).</summary>
    public void Signal(int signal)
    {
        if (!process.HasExited && kill(process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({process.Id}, {signal}) failed");
        }
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            process.Dispose();
            if (pidFile is not null)
            {
                File.Delete(pidFile);
            }
        }
    }

    private void RecordPid(string name)
    {
        var runDir = Environment.GetEnvironmentVariable("ACTORTRAP_TEST_RUN_DIR");
        if (!string.IsNullOrEmpty(runDir) && Directory.Exists(runDir))
        {
            pidFile = Path.Combine(runDir, $"{name}-{process.Id}.pid");
            File.WriteAllText(pidFile, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (gate)
        {
            if (output.Length < MaxOutputChars)
            {
                output.AppendLine(line);
            }
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}

using System.Diagnostics;
using System.Text;

namespace ActorTrap.Cli.Tests.Consumers;

/// <summary>
/// One run of <c>postscreen-netns.sh</c> for a spec class: the real <c>actortrap run</c>, unbound and Postfix
/// postscreen in a network namespace of their own, and swaks as the clients. The run takes about 12 s, so the specs
/// share it and each checks one part of what it left in its work directory.
/// </summary>
public sealed class PostscreenConsumerRun : IAsyncLifetime
{
    public const string Zone = "bl.actortrap.test";

    // The run itself takes about 12 s; the limit leaves room for a machine busy with other builds.
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    private readonly string work = Directory.CreateTempSubdirectory("actortrap-postscreen-").FullName;
    private readonly StringBuilder output = new();
    private readonly Lock gate = new();

    public static string ScriptPath { get; } = Path.Combine(RepoRoot.Path, "tests", "ActorTrap.Cli.Tests", "Consumers", "postscreen-netns.sh");

    /// <summary>What the script printed (its steps, and why it stopped if it did).</summary>
    public string Output { get { lock (gate) { return output.ToString(); } } }

    /// <summary>Postfix's log (postlogd's maillog_file).</summary>
    public string Maillog => Read("postfix/maillog");

    /// <summary>Everything a failed assertion should show.</summary>
    public string Evidence =>
        $"script output:\n{Output}\nmaillog:\n{Maillog}\nActorTrap log:\n{Read("actortrap.log")}\nunbound log:\n{Read("unbound.log")}";

    /// <summary>A file the run left in its work directory; empty if it was never written.</summary>
    public string Read(string relativePath)
    {
        var path = Path.Combine(work, relativePath);
        return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
    }

    public async Task InitializeAsync()
    {
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { ScriptPath, work, ActorTrapProcess.BinaryPath, Zone })
        {
            info.ArgumentList.Add(a);
        }

        // The node inside must not inherit an operator's overrides from the machine the tests run on.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("ACTORTRAP_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var pidFile = RecordPid(process.Id);
        try
        {
            using var cts = new CancellationTokenSource(Limit);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                // The script execs unshare --kill-child: killing it ends the namespace and everything started in it.
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
                throw new TimeoutException($"postscreen-netns.sh did not finish within {Limit}.\n{Evidence}");
            }

            process.WaitForExit(); // flushes the output readers
            if (process.ExitCode != 0 || !Output.Contains("consumer run complete", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"postscreen-netns.sh failed (exit code {process.ExitCode}).\n{Evidence}");
            }
        }
        finally
        {
            if (pidFile is not null)
            {
                File.Delete(pidFile);
            }
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(work, recursive: true);
        return Task.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (gate)
            {
                output.AppendLine(line);
            }
        }
    }

    /// <summary>scripts/test.sh kills what a crashed test run left behind by the pids recorded in its run directory.</summary>
    private static string? RecordPid(int pid)
    {
        var runDir = Environment.GetEnvironmentVariable("ACTORTRAP_TEST_RUN_DIR");
        if (string.IsNullOrEmpty(runDir) || !Directory.Exists(runDir))
        {
            return null;
        }

        var file = Path.Combine(runDir, $"postscreen-netns-{pid}.pid");
        File.WriteAllText(file, pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return file;
    }
}

using System.Diagnostics;
using System.Text;

namespace ActorTrap.Cli.Tests;

/// <summary>
/// Runs the real <c>actortrap</c> binary built beside the tests (<c>dotnet actortrap.dll ...</c>), captures its
/// output and always kills it on dispose, so a failing test never leaves a node running.
/// </summary>
internal sealed class ActorTrapProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder stdout = new();
    private readonly StringBuilder stderr = new();
    private readonly Lock gate = new();

    private ActorTrapProcess(Process process)
    {
        this.process = process;
    }

    public static string BinaryPath { get; } = Path.Combine(AppContext.BaseDirectory, "actortrap.dll");

    public string Stdout { get { lock (gate) { return stdout.ToString(); } } }

    public string Stderr { get { lock (gate) { return stderr.ToString(); } } }

    public int Pid => process.Id;

    public bool HasExited => process.HasExited;

    public static ActorTrapProcess Start(IEnumerable<string> args, IDictionary<string, string?>? environment = null, string? workingDirectory = null)
        => Start(null, args, environment, workingDirectory);

    /// <summary>Runs the binary through <c>bash -c "PREFIX; exec dotnet actortrap.dll ARGS"</c>, e.g. to lower <c>ulimit -n</c> first.</summary>
    public static ActorTrapProcess StartUnderShell(string prefix, IEnumerable<string> args) => Start(prefix, args, null, null);

    /// <summary>
    /// Runs ActorTrap the way an operator reaches it rather than as the test build's dll: <c>dotnet run --project ...</c>
    /// or an installed <c>actortrap</c> found on PATH. Same output capture, cleaned environment and kill on dispose.
    /// </summary>
    public static ActorTrapProcess StartProgram(string program, IEnumerable<string> args, IDictionary<string, string?>? environment, string workingDirectory)
    {
        var info = NewStartInfo(program, workingDirectory);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return Launch(info, environment);
    }

    /// <summary>
    /// Runs the binary as a user without privileges, so file permissions apply to it: as <c>nobody</c> through
    /// <c>setpriv</c> when the tests run as root (root may create directories anywhere), else as the current user.
    /// </summary>
    /// <param name="workingDirectory">Must be readable by that user.</param>
    public static ActorTrapProcess StartUnprivileged(IEnumerable<string> args, string workingDirectory)
    {
        if (Environment.UserName != "root")
        {
            return Start(null, args, null, workingDirectory);
        }

        // nobody's home does not exist; the runtime only needs somewhere to look.
        return Start(null, args, new Dictionary<string, string?> { ["HOME"] = Path.GetTempPath() }, workingDirectory,
            ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "dotnet"]);
    }

    private static ProcessStartInfo NewStartInfo(string program, string? workingDirectory) => new(program)
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
        // A fresh directory per node: the default data-dir ("data") is relative, and nodes must not share a store.
        WorkingDirectory = workingDirectory ?? Directory.CreateTempSubdirectory("actortrap-node-").FullName,
    };

    private static ActorTrapProcess Start(string? shellPrefix, IEnumerable<string> args, IDictionary<string, string?>? environment, string? workingDirectory,
        IReadOnlyList<string>? launcher = null)
    {
        var info = NewStartInfo(launcher?[0] ?? (shellPrefix is null ? "dotnet" : "bash"), workingDirectory);
        foreach (var a in launcher?.Skip(1) ?? [])
        {
            info.ArgumentList.Add(a);
        }

        if (shellPrefix is null)
        {
            info.ArgumentList.Add(BinaryPath);
            foreach (var a in args)
            {
                info.ArgumentList.Add(a);
            }
        }
        else
        {
            // Arguments reach bash as $1..$n, so no quoting of HOCON values is needed.
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add($"{shellPrefix}; exec dotnet \"$0\" \"$@\"");
            info.ArgumentList.Add(BinaryPath);
            foreach (var a in args)
            {
                info.ArgumentList.Add(a);
            }
        }

        return Launch(info, environment);
    }

    private static ActorTrapProcess Launch(ProcessStartInfo info, IDictionary<string, string?>? environment)
    {
        // Tests must not inherit an operator's overrides from the machine they run on.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("ACTORTRAP_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        foreach (var (k, v) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[k] = v;
        }

        var p = new Process { StartInfo = info };
        var result = new ActorTrapProcess(p);
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (result.gate) { result.stdout.AppendLine(e.Data); } } };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (result.gate) { result.stderr.AppendLine(e.Data); } } };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return result;
    }

    /// <summary>Runs to completion within <paramref name="limit"/> (default 60 s) and returns the exit code.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IEnumerable<string> args, TimeSpan? limit = null, IDictionary<string, string?>? environment = null)
    {
        using var p = Start(args, environment);
        var code = await p.WaitForExitAsync(limit ?? TimeSpan.FromSeconds(60));
        return (code, p.Stdout, p.Stderr);
    }

    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"actortrap did not exit within {limit}. stdout:\n{Stdout}\nstderr:\n{Stderr}");
        }

        process.WaitForExit(); // flushes the asynchronous output readers
        return process.ExitCode;
    }

    /// <summary>Waits until a line of standard output matches, bounded; returns the match.</summary>
    public async Task<System.Text.RegularExpressions.Match> WaitForOutputAsync(string pattern, TimeSpan limit)
    {
        var regex = new System.Text.RegularExpressions.Regex(pattern);
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            var m = regex.Match(Stdout);
            if (m.Success)
            {
                return m;
            }

            if (process.HasExited)
            {
                break;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"no output matching /{pattern}/ within {limit}. stdout:\n{Stdout}\nstderr:\n{Stderr}");
    }

    public void Signal(int signal)
    {
        if (kill(process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({process.Id}, {signal}) failed");
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        process.Dispose();
    }
}

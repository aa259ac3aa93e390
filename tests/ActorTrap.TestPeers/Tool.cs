using System.Diagnostics;
using System.Text;

namespace ActorTrap.TestPeers;

/// <summary>Runs a command-line peer (swaks, smtp-source, ...) to completion, bounded in time, capturing its output.</summary>
public static class Tool
{
    public sealed record Result(int ExitCode, string Output);

    /// <param name="name">Executable name, found on PATH or in the Debian sbin/bin directories.</param>
    /// <param name="debianPackage">Named in the error when the tool is missing.</param>
    /// <param name="expectSuccess">Throw with the output when the exit code is not 0.</param>
    /// <param name="standardInput">Written to the tool's standard input, which is then closed (a message for sendmail); null gives it none.</param>
    public static async Task<Result> RunAsync(string name, string debianPackage, IEnumerable<string> args, bool expectSuccess = false, TimeSpan? limit = null, string? standardInput = null)
    {
        var info = new ProcessStartInfo(PeerBinary.Require(name, debianPackage))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = new Process { StartInfo = info };
        var output = new StringBuilder();
        var gate = new Lock();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (gate) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (gate) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
            process.StandardInput.Close();
        }

        using var cts = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{name} did not finish within {limit ?? TimeSpan.FromSeconds(60)}:\n{output}");
        }

        process.WaitForExit();
        string text;
        lock (gate)
        {
            text = output.ToString();
        }

        if (expectSuccess && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{name} exited with {process.ExitCode}:\n{text}");
        }

        return new Result(process.ExitCode, text);
    }
}

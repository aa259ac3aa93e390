using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace ActorTrap.TestPeers;

/// <summary>
/// Runs the real <c>dig</c> (Debian package bind9-dnsutils) against a test server: a second, independent client
/// to check what a peer or ActorTrap's own DNS responder really serves. One try, bounded.
/// </summary>
public static class Dig
{
    /// <summary><c>dig @server -p port name type +short</c>: the answer data, one record a line (TXT with its quotes).</summary>
    public static async Task<IReadOnlyList<string>> ShortAsync(IPEndPoint server, string name, string type = "A", params string[] options)
    {
        var result = await RunAsync(server, [name, type, "+short", .. options]).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"dig {name} {type} @{server} exited {result.ExitCode}: {string.Join('\n', result.Lines)} {result.Stderr}");
        }

        return result.Lines;
    }

    /// <summary>Runs dig with any arguments after <c>@server -p port</c>; one try of at most <paramref name="timeout"/> (default 2 s).</summary>
    public static async Task<DigResult> RunAsync(IPEndPoint server, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        var wait = timeout ?? TimeSpan.FromSeconds(2);
        var info = new ProcessStartInfo(PeerBinary.Require("dig", "bind9-dnsutils"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("@" + server.Address);
        info.ArgumentList.Add("-p");
        info.ArgumentList.Add(server.Port.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add("+tries=1");
        info.ArgumentList.Add("+time=" + Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("dig did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(wait + TimeSpan.FromSeconds(5));
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dig did not finish within {wait + TimeSpan.FromSeconds(5)}");
        }

        var lines = (await stdout.ConfigureAwait(false)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new DigResult(process.ExitCode, lines, await stderr.ConfigureAwait(false));
    }
}

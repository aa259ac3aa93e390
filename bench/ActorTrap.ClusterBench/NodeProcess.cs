using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace ActorTrap.ClusterBench;

/// <summary>
/// One <c>actortrap run</c> process: remoting, admin API and UDP feed collector on fixed loopback ports, output to
/// a log file; asked through its admin API (every request bounded), stopped with SIGKILL or SIGTERM.
/// </summary>
internal sealed class NodeProcess : IDisposable
{
    private readonly Process process;
    private readonly HttpClient http;

    private NodeProcess(string name, Process process, int clusterPort, int adminPort, int feedPort, string log)
    {
        Name = name;
        this.process = process;
        ClusterPort = clusterPort;
        FeedPort = feedPort;
        Log = log;
        http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{adminPort}"), Timeout = TimeSpan.FromSeconds(5) };
    }

    public string Name { get; }

    public int ClusterPort { get; }

    public int FeedPort { get; }

    public string Log { get; }

    public int Pid => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public static NodeProcess Start(string binary, string name, string dataDir, int clusterPort, int adminPort, int feedPort, IEnumerable<string> settings)
    {
        Directory.CreateDirectory(dataDir);
        var log = Path.Combine(dataDir, "node.log");
        var info = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("run");
        foreach (var setting in new[]
        {
            $"actortrap.node.name=\"{name}\"",
            $"actortrap.data-dir=\"{dataDir}\"",
            $"actortrap.admin.listen=\"127.0.0.1:{adminPort}\"",
            "actortrap.smtp.listen=[\"127.0.0.1:0\"]",
            $"actortrap.cluster.port={clusterPort}",
            $"actortrap.publish.udp-feed.listen=\"127.0.0.1:{feedPort}\"",
        }.Concat(settings))
        {
            info.ArgumentList.Add("--set");
            info.ArgumentList.Add(setting);
        }

        var process = Process.Start(info)!;
        var writer = new StreamWriter(log) { AutoFlush = true };
        var gate = new object();
        void Write(string? line)
        {
            if (line is not null)
            {
                lock (gate)
                {
                    writer.WriteLine(line);
                }
            }
        }

        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new NodeProcess(name, process, clusterPort, adminPort, feedPort, log);
    }

    public async Task<JsonElement?> GetJsonAsync(string path)
    {
        try
        {
            return await http.GetFromJsonAsync<JsonElement>(path);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return null;
        }
    }

    /// <summary>The sum of a counter's samples in <c>/metrics</c> (every label set), or null when the node does not answer.</summary>
    public async Task<double?> MetricAsync(string name, string? labelFilter = null)
    {
        string text;
        try
        {
            text = await http.GetStringAsync("/metrics");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }

        double sum = 0;
        foreach (var line in text.Split('\n'))
        {
            if ((line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
                && (labelFilter is null || line.Contains(labelFilter, StringComparison.Ordinal)))
            {
                sum += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return sum;
    }

    public void Kill() => process.Kill();

    /// <summary>SIGTERM (a graceful leave), then waits for the exit at most <paramref name="limit"/>; the exit code, or null.</summary>
    public async Task<int?> TerminateAsync(TimeSpan limit)
    {
        if (process.HasExited)
        {
            return process.ExitCode;
        }

        using (var kill = Process.Start("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var bound = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(bound.Token);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            return null;
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit(10_000);
        }

        process.Dispose();
        http.Dispose();
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ActorTrap.Cli.Tests.EndToEnd;

/// <summary>
/// A real <c>actortrap run</c> process on private loopback ports (SMTP and admin on port 0, read back from its log)
/// for end-to-end specs; killed on dispose.
/// </summary>
internal sealed class RunningNode : IDisposable
{
    private readonly ActorTrapProcess process;

    private RunningNode(ActorTrapProcess process, IPEndPoint smtp, Uri admin)
    {
        this.process = process;
        Smtp = smtp;
        Admin = admin;
        Http = new HttpClient { BaseAddress = admin, Timeout = TimeSpan.FromSeconds(10) };
    }

    public IPEndPoint Smtp { get; }

    public Uri Admin { get; }

    public HttpClient Http { get; }

    public ActorTrapProcess Process => process;

    public string Log => process.Stdout + process.Stderr;

    /// <param name="dnsServer">host:port of the DNS server the node asks (rbldnsd in these specs).</param>
    /// <param name="zone">The DNSBL zone that server serves.</param>
    public static async Task<RunningNode> StartAsync(string dnsServer, string zone, string smtpListen = "127.0.0.1:0", string? shell = null, params string[] settings)
    {
        string[] args =
        [
            "run",
            "--set", "actortrap.admin.listen=\"127.0.0.1:0\"",
            "--set", $"actortrap.smtp.listen=[\"{smtpListen}\"]",
            "--set", "actortrap.smtp.hostname=mx.e2e.test",
            // These specs judge clients on loopback, which the default permit list would never judge (issue 15).
            "--set", "actortrap.smtp.permit=[]",
            "--set", $"actortrap.dns.servers=[\"{dnsServer}\"]",
            "--set", $"actortrap.dnsbl.zones=[{{zone=\"{zone}\", weight=1, codes=\"127.0.0.[2..11]\", txt=true}}]",
            .. settings.SelectMany(s => new[] { "--set", s }),
        ];
        return await LaunchAsync(shell is null ? ActorTrapProcess.Start(args) : ActorTrapProcess.StartUnderShell(shell, args));
    }

    /// <summary>
    /// A node reading <paramref name="configFile"/> (<c>--config</c>), so a spec can edit the file and reload the node
    /// (SIGHUP): the DNSBL zones and whatever else may change are in the file, not in <c>--set</c>, which would win.
    /// </summary>
    public static async Task<RunningNode> StartFromFileAsync(string configFile, string dnsServer, params string[] settings)
    {
        string[] args =
        [
            "run",
            "--config", configFile,
            "--set", "actortrap.admin.listen=\"127.0.0.1:0\"",
            "--set", "actortrap.smtp.listen=[\"127.0.0.1:0\"]",
            "--set", "actortrap.smtp.hostname=mx.e2e.test",
            "--set", $"actortrap.dns.servers=[\"{dnsServer}\"]",
            .. settings.SelectMany(s => new[] { "--set", s }),
        ];
        return await LaunchAsync(ActorTrapProcess.Start(args));
    }

    private static async Task<RunningNode> LaunchAsync(ActorTrapProcess process)
    {
        try
        {
            var smtp = await process.WaitForOutputAsync(@"SMTP listening on ([0-9.]+):(\d+)", TimeSpan.FromSeconds(30));
            var admin = await process.WaitForOutputAsync(@"Admin endpoint listening on (http://[0-9.:]+)", TimeSpan.FromSeconds(30));
            await process.WaitForOutputAsync(@"started in", TimeSpan.FromSeconds(30));
            return new RunningNode(process, new IPEndPoint(IPAddress.Parse(smtp.Groups[1].Value), int.Parse(smtp.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)), new Uri(admin.Groups[1].Value));
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    public async Task<JsonElement> GetJsonAsync(string path) => await Http.GetFromJsonAsync<JsonElement>(path);

    /// <summary>Polls <paramref name="path"/> until <paramref name="condition"/> holds (bounded).</summary>
    public async Task<JsonElement> WaitForJsonAsync(string path, Func<JsonElement, bool> condition, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(15));
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            last = await GetJsonAsync(path);
            if (condition(last))
            {
                return last;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{path} never satisfied the condition; last: {last}\nnode log:\n{Log}");
    }

    public void Dispose()
    {
        Http.Dispose();
        process.Dispose();
    }
}

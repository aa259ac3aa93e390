using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ActorTrap.Benchmarks.Reputation;

/// <summary>
/// A private PostgreSQL for one bench run (initdb into a temp dir owned by postgres, trust auth, loopback, free
/// port), with the server's default durability (fsync on), stopped at the end.
/// </summary>
internal sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "bench-pg-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string bin;

    private ThrowawayPostgres(string bin) => this.bin = bin;

    public int Port { get; private set; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Maximum Pool Size=64";

    public static async Task<ThrowawayPostgres> StartAsync()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderByDescending(d => d).FirstOrDefault()
            ?? throw new InvalidOperationException("install postgresql (initdb not found under /usr/lib/postgresql)");
        var pg = new ThrowawayPostgres(bin);
        Directory.CreateDirectory(pg.dir);
        await RunAsync("chown", "postgres:postgres", pg.dir);
        await RunAsync("runuser", "-u", "postgres", "--", Path.Combine(bin, "initdb"), "-D", Path.Combine(pg.dir, "data"), "-U", "postgres", "-A", "trust", "--no-instructions");
        using (var l = new TcpListener(IPAddress.Loopback, 0))
        {
            l.Start();
            pg.Port = ((IPEndPoint)l.LocalEndpoint).Port;
        }

        await RunAsync("runuser", "-u", "postgres", "--", Path.Combine(bin, "pg_ctl"), "-D", Path.Combine(pg.dir, "data"), "-l", Path.Combine(pg.dir, "log"),
            "-w", "start", "-o", $"-k {pg.dir} -p {pg.Port} -h 127.0.0.1 -c max_connections=200");
        return pg;
    }

    public async ValueTask DisposeAsync()
    {
        await RunAsync("runuser", "-u", "postgres", "--", Path.Combine(bin, "pg_ctl"), "-D", Path.Combine(dir, "data"), "-m", "immediate", "-w", "stop");
        Directory.Delete(dir, recursive: true);
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEndAsync();
        await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed: {await err}");
        }
    }
}

using System.Diagnostics;
using Npgsql;

namespace ActorTrap.ClusterBench;

/// <summary>
/// A private PostgreSQL for one bench run: initdb into a temp directory owned by postgres (when run as root), trust
/// authentication, 127.0.0.1 on a free port and a private socket directory, stopped (immediate mode) and deleted at the
/// end. PostgreSQL's default durability (fsync and synchronous_commit on) unless <c>fsync: false</c>, which turns fsync
/// and full_page_writes off as the test fixture does; either way only max_connections is raised (three nodes' pools).
/// </summary>
internal sealed class BenchPostgres : IAsyncDisposable
{
    private static readonly TimeSpan CommandLimit = TimeSpan.FromSeconds(90);
    private readonly string dir = Path.Combine(Path.GetTempPath(), "clusterbench-pg-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string bin;

    private BenchPostgres(string bin, bool fsync)
    {
        this.bin = bin;
        Fsync = fsync;
    }

    public int Port { get; private set; }

    public bool Fsync { get; }

    public string Version { get; private set; } = "";

    public static async Task<BenchPostgres> StartAsync(bool fsync)
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")))
            .OrderByDescending(d => Path.GetFileName(Path.GetDirectoryName(d)) == "15")
            .ThenByDescending(d => d, StringComparer.Ordinal).FirstOrDefault()
            ?? throw new InvalidOperationException("install postgresql (initdb not found under /usr/lib/postgresql/*/bin)");
        var pg = new BenchPostgres(bin, fsync);
        Directory.CreateDirectory(pg.dir);
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", ["postgres:postgres", pg.dir], asPostgres: false);
        }

        await RunAsync(Path.Combine(bin, "initdb"), ["-D", pg.Data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-instructions"]);
        var conf = "max_connections = 300\nlog_min_messages = warning\n" + (fsync ? "" : "fsync = off\nfull_page_writes = off\n");
        await File.AppendAllTextAsync(Path.Combine(pg.Data, "postgresql.conf"), conf);
        pg.Port = FreePorts.Tcp();
        await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", pg.Data, "-l", Path.Combine(pg.dir, "server.log"), "-w", "-t", "60", "start",
            "-o", $"-k {pg.dir} -p {pg.Port} -h 127.0.0.1"]);
        await using var connection = new NpgsqlConnection(pg.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var version = new NpgsqlCommand("SHOW server_version", connection);
        pg.Version = (string)(await version.ExecuteScalarAsync())!;
        return pg;
    }

    private string Data => Path.Combine(dir, "data");

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=5;Command Timeout=60;Maximum Pool Size=50";

    /// <summary>Creates <paramref name="name"/> and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>One scalar of <paramref name="sql"/> in <paramref name="database"/>.</summary>
    public async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>CPU seconds (user + system) of the postmaster and its live children: the backends of the nodes' pools.</summary>
    public double CpuSeconds()
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(Data, "postmaster.pid")).First().Trim(), System.Globalization.CultureInfo.InvariantCulture);
        long ticks = 0;
        foreach (var stat in Directory.EnumerateDirectories("/proc").Select(d => Path.Combine(d, "stat")))
        {
            try
            {
                var text = File.ReadAllText(stat);
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                var pid = int.Parse(Path.GetFileName(Path.GetDirectoryName(stat))!, System.Globalization.CultureInfo.InvariantCulture);
                if (pid == postmaster || fields[1] == postmaster.ToString(System.Globalization.CultureInfo.InvariantCulture))
                {
                    ticks += long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
            {
                // Not a process directory, or the process ended meanwhile.
            }
        }

        return ticks / 100.0;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", Data, "-m", "immediate", "-w", "-t", "30", "stop"]);
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"# pg_ctl stop: {e.Message}");
        }

        NpgsqlConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> args, bool asPostgres = true)
    {
        var runAs = asPostgres && Environment.UserName == "root";
        var info = new ProcessStartInfo(runAs ? "runuser" : file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in runAs ? ["-u", "postgres", "--", file, .. args] : args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(CommandLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(file)} did not finish within {CommandLimit.TotalSeconds} s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({process.ExitCode}): {await stderr}{await stdout}");
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ActorTrap.TestPeers;

/// <summary>
/// A throwaway PostgreSQL (15, or the newest installed) for one test run: initdb into a private temp directory
/// owned by the postgres user, trust authentication, listening only on 127.0.0.1 on a free port and a private
/// socket directory. Each test class takes its own database. Stopped with pg_ctl, then by pid; its pid is also
/// recorded in $ACTORTRAP_TEST_RUN_DIR for scripts/test.sh. This library has no xunit: a test project makes it a
/// fixture by deriving with <c>IAsyncLifetime</c>, whose two methods are already here
/// (<c>class PostgresServer : PostgresInstance, IAsyncLifetime;</c>).
/// </summary>
public class PostgresInstance
{
    private static readonly TimeSpan CommandLimit = TimeSpan.FromSeconds(60);
    private readonly HashSet<string> databases = [];
    private readonly SemaphoreSlim gate = new(1, 1);
    private string? pidFile;

    public string Directory { get; } = Path.Combine(
        Environment.GetEnvironmentVariable("ACTORTRAP_TEST_RUN_DIR") is { Length: > 0 } run ? run : Path.GetTempPath(),
        "pg-" + Guid.NewGuid().ToString("N")[..12]);

    public string DataDirectory => Path.Combine(Directory, "data");

    public int Port { get; private set; }

    public int Pid { get; private set; }

    public static string BinDirectory { get; } = FindBinDirectory();

    /// <summary>initdb and start; call once.</summary>
    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        if (IsRoot)
        {
            await RunAsync("chown", ["postgres:postgres", Directory], asPostgres: false);
        }

        await RunAsync(Path.Combine(BinDirectory, "initdb"),
            ["-D", DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"]);
        // fsync off: a killed server keeps what it committed (it is in the OS cache), only a machine crash would lose
        // it, and tests are faster. synchronous_commit stays on: the outage test stops the server in immediate mode
        // and must not lose acknowledged commits.
        await File.AppendAllTextAsync(Path.Combine(DataDirectory, "postgresql.conf"),
            "fsync = off\nfull_page_writes = off\nmax_connections = 300\nlog_min_messages = warning\n");
        await StartAsync();
    }

    /// <summary>Starts the server (again, after <see cref="StopAsync"/>) on the same port and data.</summary>
    public async Task StartAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            if (Port == 0 || attempt > 0)
            {
                Port = FreePort();
            }

            try
            {
                await RunAsync(Path.Combine(BinDirectory, "pg_ctl"),
                    ["-D", DataDirectory, "-l", Path.Combine(Directory, "server.log"), "-w", "-t", "60", "start",
                     "-o", $"-k {Directory} -p {Port} -h 127.0.0.1"]);
                break;
            }
            catch (InvalidOperationException) when (attempt < 3 && !databases.Any())
            {
                // Someone took the port between probing and binding; try another (only before any test used this one).
            }
        }

        Pid = int.Parse((await File.ReadAllLinesAsync(Path.Combine(DataDirectory, "postmaster.pid")))[0].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        if (Environment.GetEnvironmentVariable("ACTORTRAP_TEST_RUN_DIR") is { Length: > 0 } run)
        {
            pidFile = Path.Combine(run, $"postgres-{Port}.pid");
            await File.WriteAllTextAsync(pidFile, Pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Stops the server as an outage would (immediate mode: connections are cut, nothing is flushed politely).</summary>
    public async Task StopAsync()
    {
        await RunAsync(Path.Combine(BinDirectory, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "-t", "60", "stop"]);
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Stops the server (immediate) and deletes its directory.</summary>
    public async Task DisposeAsync()
    {
        try
        {
            await RunAsync(Path.Combine(BinDirectory, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "-t", "30", "stop"]);
        }
        catch (InvalidOperationException)
        {
            // Already stopped, or pg_ctl failed: make sure by pid below.
        }

        if (Pid > 0)
        {
            try
            {
                using var p = Process.GetProcessById(Pid);
                p.Kill(entireProcessTree: true);
            }
            catch (ArgumentException)
            {
                // Gone already.
            }
        }

        if (pidFile is not null)
        {
            File.Delete(pidFile);
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=5;Command Timeout=30;Pooling=true;Maximum Pool Size=50";

    /// <summary>Creates <paramref name="name"/> once per run and returns its connection string.</summary>
    public async Task<string> DatabaseAsync(string name)
    {
        await gate.WaitAsync();
        try
        {
            if (databases.Add(name))
            {
                await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
                await command.ExecuteNonQueryAsync();
            }

            return ConnectionString(name);
        }
        finally
        {
            gate.Release();
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindBinDirectory()
    {
        var root = "/usr/lib/postgresql";
        if (!System.IO.Directory.Exists(root))
        {
            return string.Empty;
        }

        // Prefer 15 (what the issue names), else the newest installed.
        var versions = System.IO.Directory.GetDirectories(root)
            .Where(d => File.Exists(Path.Combine(d, "bin", "initdb")))
            .OrderByDescending(d => Path.GetFileName(d) == "15")
            .ThenByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
            .ToList();
        return versions.Count == 0 ? string.Empty : Path.Combine(versions[0], "bin");
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> args, bool asPostgres = true)
    {
        if (file.Length == 0 || (file.StartsWith('/') && !File.Exists(file)))
        {
            throw new InvalidOperationException("PostgreSQL binaries not found under /usr/lib/postgresql/*/bin; install the postgresql package (scripts/test.sh does)");
        }

        var info = new ProcessStartInfo(asPostgres && IsRoot ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres && IsRoot)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file })
            {
                info.ArgumentList.Add(a);
            }
        }

        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(CommandLimit);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(file)} did not finish within {CommandLimit.TotalSeconds} s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}{await stdout}");
        }
    }
}

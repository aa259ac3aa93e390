using System.Globalization;
using System.Net;
using System.Text;

namespace ActorTrap.TestPeers;

/// <summary>
/// A real Exim (Debian package exim4-daemon-light) sending mail as an MTA does, from a private root: installing the
/// package would remove Postfix, so scripts/test.sh unpacks exim4-daemon-light, exim4-base and exim4-config with
/// <c>apt-get download</c> and <c>dpkg -x</c> into <see cref="DefaultRoot"/> (or <c>$ACTORTRAP_EXIM_ROOT</c>). The binary
/// was built to run deliveries as user Debian-exim, which only the package's maintainer script creates; each Exim
/// process therefore runs in a private mount namespace (<c>unshare --mount</c>, root) over copies of /etc/passwd and
/// /etc/group that add that user, so the machine's own files are never changed. One daemon (<c>-bdf -qNs</c>) per
/// instance runs the queue on Exim's own retry rules; mail is injected with <c>exim -odq</c>, <c>exim -qff</c> forces a
/// run. Killed with its namespace on dispose.
/// </summary>
public sealed class EximSender : IAsyncDisposable
{
    /// <summary>Where scripts/test.sh unpacks the Exim packages when <c>ACTORTRAP_EXIM_ROOT</c> is not set.</summary>
    public const string DefaultRoot = "/var/cache/actortrap-tests/exim4";

    private const string Packages = "exim4-daemon-light exim4-base exim4-config";

    private readonly PeerDirectory directory;
    private readonly string binary;
    private PeerProcess? daemon;

    private EximSender(PeerDirectory directory, string binary, EximSenderOptions options)
    {
        this.directory = directory;
        this.binary = binary;
        Options = options;
    }

    public EximSenderOptions Options { get; }

    public string ConfigPath => Path.Combine(directory.Path, "exim.conf");

    /// <summary>Exim's main log, for assertion messages.</summary>
    public string Log => ReadShared(Path.Combine(directory.Path, "log", "mainlog"));

    public static async Task<EximSender> StartAsync(EximSenderOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var binary = RequireBinary();
        var sender = new EximSender(new PeerDirectory("actortrap-exim-"), binary, options);
        try
        {
            await sender.StartCoreAsync(cancellationToken).ConfigureAwait(false);
            return sender;
        }
        catch
        {
            await sender.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Queues one message (<c>exim -odq -f from to</c>); the daemon's next queue run delivers it.</summary>
    public async Task SendAsync(string from, string to, string subject = "corpus")
    {
        var message = CorpusMessage.Text(from, to, subject);
        await RunEximAsync(["-odq", "-f", from, to], message).ConfigureAwait(false);
    }

    /// <summary><c>exim -qff</c>: attempt every queued message now, retry times or not (bounded, in the foreground).</summary>
    public Task FlushAsync() => RunEximAsync(["-qff"], null);

    public ValueTask DisposeAsync()
    {
        daemon?.Dispose();
        directory.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var root = directory.Path;
        var uid = FreeId();
        directory.Write("passwd", File.ReadAllText("/etc/passwd").TrimEnd('\n') + $"\nDebian-exim:x:{uid}:{uid}::/nonexistent:/usr/sbin/nologin\n");
        directory.Write("group", File.ReadAllText("/etc/group").TrimEnd('\n') + $"\nDebian-exim:x:{uid}:\n");
        var spool = Directory.CreateDirectory(Path.Combine(root, "spool")).FullName;
        var log = Directory.CreateDirectory(Path.Combine(root, "log")).FullName;
        await Tool.RunAsync("chown", "coreutils", ["-R", $"{uid}:{uid}", spool, log], expectSuccess: true).ConfigureAwait(false);
        var port = FreePort.UdpAndTcp(Options.Source);
        directory.Write("exim.conf", Config(Options, root, binary, port));
        var seconds = Math.Max(1, (int)Math.Ceiling(Options.RetryInterval.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        daemon = PeerProcess.Start("exim", PeerBinary.Require("unshare", "util-linux"), NamespaceArgs(["-bdf", $"-q{seconds}s"]));
        var deadline = DateTime.UtcNow + Options.StartTimeout;
        while (!Log.Contains("daemon started", StringComparison.Ordinal))
        {
            if (daemon.HasExited || DateTime.UtcNow > deadline)
            {
                throw new PeerStartException($"exim did not start within {Options.StartTimeout.TotalSeconds} s:\n{daemon.Output}\n{Log}\n{ReadShared(Path.Combine(log, "paniclog"))}");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RunEximAsync(IEnumerable<string> args, string? standardInput)
    {
        await Tool.RunAsync("unshare", "util-linux", NamespaceArgs(args), expectSuccess: true, limit: TimeSpan.FromSeconds(30), standardInput: standardInput).ConfigureAwait(false);
    }

    /// <summary><c>unshare --mount -- bash -c 'bind passwd and group; exec exim -C CONF ARGS'</c>; the mounts stay in the new namespace.</summary>
    private List<string> NamespaceArgs(IEnumerable<string> eximArgs) =>
    [
        "--mount", "--propagation", "private", "--",
        "bash", "-c", "mount --bind \"$1\" /etc/passwd && mount --bind \"$2\" /etc/group && shift 2 && exec \"$@\"", "exim-ns",
        Path.Combine(directory.Path, "passwd"), Path.Combine(directory.Path, "group"),
        binary, "-C", ConfigPath, .. eximArgs,
    ];

    private static string Config(EximSenderOptions o, string root, string binary, int port)
    {
        var c = new StringBuilder();
        void Line(string text) => c.Append(text).Append('\n');
        Line("exim_user = Debian-exim");
        Line("exim_group = Debian-exim");
        // Re-executions (deliveries, queue runs) must find the private root's binary, not /usr/sbin/exim4.
        Line($"exim_path = {binary}");
        Line("keep_environment =");
        Line($"spool_directory = {root}/spool");
        Line($"log_file_path = {root}/log/%slog");
        Line($"pid_file_path = {root}/exim.pid");
        Line($"primary_hostname = {o.PrimaryHostname}");
        Line($"qualify_domain = {o.PrimaryHostname}");
        // The daemon is only there to run the queue; it listens on its own address and accepts nothing (no RCPT ACL).
        Line($"local_interfaces = {o.Source}");
        Line($"daemon_smtp_ports = {port.ToString(CultureInfo.InvariantCulture)}");
        Line("host_lookup =");
        Line("rfc1413_hosts =");
        Line("tls_advertise_hosts =");
        Line("begin routers");
        Line("corpus_route:");
        Line("  driver = manualroute");
        // host::port, the colon doubled because the list is colon-separated.
        Line($"  route_list = * \"{string.Join(" : ", o.Hosts.Select(h => $"{h.Address}::{h.Port.ToString(CultureInfo.InvariantCulture)}"))}\"");
        Line("  hosts_randomize = false");
        Line("  self = send");
        Line("  transport = corpus_smtp");
        Line("begin transports");
        Line("corpus_smtp:");
        Line("  driver = smtp");
        Line($"  interface = {o.Source}");
        Line($"  helo_data = {o.HeloName ?? o.PrimaryHostname}");
        Line("  hosts_avoid_tls = *");
        Line("begin retry");
        Line($"* * F,1h,{Math.Max(1, (int)Math.Ceiling(o.RetryInterval.TotalSeconds)).ToString(CultureInfo.InvariantCulture)}s");
        return c.ToString();
    }

    private static string RequireBinary()
    {
        var root = Environment.GetEnvironmentVariable("ACTORTRAP_EXIM_ROOT") is { Length: > 0 } r ? r : DefaultRoot;
        var binary = Path.Combine(root, "usr", "sbin", "exim4");
        if (!File.Exists(binary))
        {
            throw new PeerMissingException(
                $"{binary} is missing: this test needs the real Exim ({Packages}), unpacked, not installed (installing exim4 removes postfix). " +
                $"Run scripts/test.sh, which does it, or: cd $(mktemp -d) && apt-get download {Packages} && for f in *.deb; do dpkg -x $f {root}; done; and apt-get install -y libidn12");
        }

        return binary;
    }

    /// <summary>A uid (and gid) that /etc/passwd and /etc/group do not use, for Debian-exim in the private copies.</summary>
    private static int FreeId()
    {
        static HashSet<int> Ids(string file) => [.. File.ReadAllLines(file).Select(l => l.Split(':')).Where(f => f.Length > 2 && int.TryParse(f[2], CultureInfo.InvariantCulture, out _)).Select(f => int.Parse(f[2], CultureInfo.InvariantCulture))];
        var used = Ids("/etc/passwd");
        used.UnionWith(Ids("/etc/group"));
        for (var id = 64990; id > 60000; id--)
        {
            if (!used.Contains(id))
            {
                return id;
            }
        }

        throw new InvalidOperationException("no free uid between 60001 and 64990 for Debian-exim");
    }

    private static string ReadShared(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (IOException)
        {
            return "";
        }
    }
}

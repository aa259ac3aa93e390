using System.Globalization;
using System.Net;
using System.Text;

namespace ActorTrap.TestPeers;

/// <summary>
/// A real Postfix (Debian package postfix) sending mail as an MTA does: a private instance with its own
/// <c>config_directory</c>, <c>queue_directory</c> and <c>data_directory</c> in a private temporary directory, no SMTP
/// server (nothing in master.cf listens on inet), every message relayed to one static route with its own retry
/// schedule shortened to seconds. Mail is injected with <c>sendmail -C DIR</c>; <c>postqueue -c DIR -f</c> flushes.
/// Runs as root (<c>postfix start</c> needs it). Stopped with <c>postfix -c DIR stop</c>, and its master killed by pid, on dispose.
/// </summary>
/// <example>
/// <code>
/// await using var mta = await PostfixSender.StartAsync(new() { Source = IPAddress.Parse("127.0.77.10"), MyHostname = "mta.example.test", Relay = node });
/// await mta.SendAsync("alice@mta.example.test", "bob@corpus.test");
/// </code>
/// </example>
public sealed class PostfixSender : IAsyncDisposable
{
    private readonly PeerDirectory directory;
    private string? pidFile;
    private int? masterPid;

    private PostfixSender(PeerDirectory directory, PostfixSenderOptions options)
    {
        this.directory = directory;
        Options = options;
    }

    public PostfixSenderOptions Options { get; }

    public string ConfigDirectory => Path.Combine(directory.Path, "conf");

    /// <summary>Postfix's log (postlogd writes it to a file: there is no syslog here), for assertion messages.</summary>
    public string Log => ReadShared(Path.Combine(directory.Path, "maillog"));

    public static async Task<PostfixSender> StartAsync(PostfixSenderOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        PeerBinary.Require("postfix", "postfix");
        var directory = new PeerDirectory("actortrap-postfix-");
        var sender = new PostfixSender(directory, options);
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

    /// <summary>Queues one message with <c>sendmail -C DIR -f from to</c>; Postfix delivers it on its own.</summary>
    public async Task SendAsync(string from, string to, string subject = "corpus")
    {
        var message = CorpusMessage.Text(from, to, subject);
        await Tool.RunAsync("sendmail", "postfix", ["-C", ConfigDirectory, "-f", from, to], expectSuccess: true, limit: TimeSpan.FromSeconds(20), standardInput: message).ConfigureAwait(false);
    }

    /// <summary><c>postqueue -c DIR -f</c>: attempt every deferred message now.</summary>
    public Task FlushAsync() => Tool.RunAsync("postqueue", "postfix", ["-c", ConfigDirectory, "-f"], expectSuccess: true, limit: TimeSpan.FromSeconds(20));

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (File.Exists(Path.Combine(ConfigDirectory, "main.cf")))
            {
                await Tool.RunAsync("postfix", "postfix", ["-c", ConfigDirectory, "stop"], limit: TimeSpan.FromSeconds(20)).ConfigureAwait(false);
            }
        }
        catch (TimeoutException)
        {
            // The master is killed by pid below.
        }

        KillMaster();
        directory.Dispose();
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var root = directory.Path;
        Directory.CreateDirectory(ConfigDirectory);
        Directory.CreateDirectory(Path.Combine(root, "queue"));
        var data = Directory.CreateDirectory(Path.Combine(root, "data")).FullName;
        // postfix check wants the data directory owned by mail_owner; post-install creates the queue's subdirectories.
        await Tool.RunAsync("chown", "coreutils", ["postfix", data], expectSuccess: true).ConfigureAwait(false);
        File.WriteAllText(Path.Combine(ConfigDirectory, "main.cf"), MainCf(root, Options));
        File.WriteAllText(Path.Combine(ConfigDirectory, "master.cf"), MasterCf);
        var result = await Tool.RunAsync("postfix", "postfix", ["-c", ConfigDirectory, "start"], limit: Options.StartTimeout).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new PeerStartException($"postfix -c {ConfigDirectory} start exited with {result.ExitCode}:\n{result.Output}\n{Log}");
        }

        // The master's pid comes from its log line: master.pid is held under flock, which .NET's reads collide with.
        var deadline = DateTime.UtcNow + Options.StartTimeout;
        System.Text.RegularExpressions.Match started;
        while (!(started = MasterStarted.Match(Log)).Success)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new PeerStartException($"postfix logged no \"daemon started\" within {Options.StartTimeout.TotalSeconds} s:\n{result.Output}\n{Log}");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        masterPid = int.Parse(started.Groups[1].Value, CultureInfo.InvariantCulture);
        RecordPid(masterPid.Value);
    }

    private static string MainCf(string root, PostfixSenderOptions o)
    {
        var c = new StringBuilder();
        void Line(string text) => c.Append(text).Append('\n');
        Line("compatibility_level = 3.6");
        Line($"queue_directory = {root}/queue");
        Line($"data_directory = {root}/data");
        // No syslog daemon is assumed: postlogd writes the log to a file of this instance.
        Line($"maillog_file = {root}/maillog");
        Line($"maillog_file_prefixes = {root}");
        Line($"myhostname = {o.MyHostname}");
        Line("myorigin = $myhostname");
        // A sender only: nothing is delivered locally, nothing is received (master.cf has no inet service), but
        // inet_interfaces must still name an address configured on an interface, which 127.0.x.y other than
        // 127.0.0.1 is not.
        Line("mydestination =");
        Line("alias_maps =");
        Line("alias_database =");
        Line("local_recipient_maps =");
        Line("inet_interfaces = 127.0.0.1");
        Line("inet_protocols = ipv4");
        Line($"mynetworks = {o.Source}/32");
        Line($"smtp_bind_address = {o.Source}");
        // Static routing: bracketed addresses, so Postfix asks no DNS for the route.
        Line($"relayhost = [{o.Relay.Address}]:{o.Relay.Port}");
        if (o.FallbackRelay is { } fallback)
        {
            Line($"smtp_fallback_relay = [{fallback.Address}]:{fallback.Port}");
        }

        if (o.HeloName is { } helo)
        {
            Line($"smtp_helo_name = {helo}");
        }

        Line("smtp_tls_security_level = none");
        Line($"minimal_backoff_time = {Seconds(o.Backoff)}s");
        Line($"maximal_backoff_time = {Seconds(o.Backoff * 2)}s");
        Line($"queue_run_delay = {Math.Max(1, Seconds(o.Backoff / 2))}s");
        return c.ToString();
    }

    private static int Seconds(TimeSpan t) => Math.Max(1, (int)Math.Ceiling(t.TotalSeconds));

    // What pickup, qmgr and the smtp client need to queue, defer and retry; nothing chrooted, nothing on inet.
    private const string MasterCf = """
        pickup    unix  n    -  n  1  1 pickup
        cleanup   unix  n    -  n  -  0 cleanup
        qmgr      unix  n    -  n  300 1 qmgr
        rewrite   unix  -    -  n  -  - trivial-rewrite
        bounce    unix  -    -  n  -  0 bounce
        defer     unix  -    -  n  -  0 bounce
        trace     unix  -    -  n  -  0 bounce
        verify    unix  -    -  n  -  1 verify
        flush     unix  n    -  n  1000? 0 flush
        smtp      unix  -    -  n  -  - smtp
        relay     unix  -    -  n  -  - smtp
        showq     unix  n    -  n  -  - showq
        error     unix  -    -  n  -  - error
        retry     unix  -    -  n  -  - error
        discard   unix  -    -  n  -  - discard
        anvil     unix  -    -  n  -  1 anvil
        scache    unix  -    -  n  -  1 scache
        postlog   unix-dgram n - n  -  1 postlogd

        """;

    private void RecordPid(int pid)
    {
        var runDir = Environment.GetEnvironmentVariable("ACTORTRAP_TEST_RUN_DIR");
        if (!string.IsNullOrEmpty(runDir) && Directory.Exists(runDir))
        {
            pidFile = Path.Combine(runDir, $"postfix-{pid}.pid");
            File.WriteAllText(pidFile, pid.ToString(CultureInfo.InvariantCulture));
        }
    }

    private void KillMaster()
    {
        if (masterPid is { } pid)
        {
            // postfix stop already ended it unless it hung; the master's children end with it. The pid is checked to
            // still be a Postfix master so that a reused pid is never killed.
            var comm = ReadShared($"/proc/{pid}/comm").Trim();
            if (comm == "master")
            {
                _ = kill(pid, 9);
            }
        }

        if (pidFile is not null)
        {
            File.Delete(pidFile);
        }
    }

    private static readonly System.Text.RegularExpressions.Regex MasterStarted = new(@"postfix/master\[(\d+)\]: daemon started");

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

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}

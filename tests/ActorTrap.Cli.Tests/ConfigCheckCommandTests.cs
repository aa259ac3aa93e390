namespace ActorTrap.Cli.Tests;

public sealed class ConfigCheckCommandTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("actortrap-cli-").FullName;

    private string Write(string name, string text)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string ReferenceConfig => Path.Combine(RepoRoot.Path, "hocon", "actortrap.conf");

    [Fact]
    public async Task Reference_config_checks_clean_and_prints_the_effective_config_when_asked()
    {
        var (code, stdout, stderr) = await ActorTrapProcess.RunAsync(["config", "check", ReferenceConfig, "--print"]);
        Assert.True(code == 0, stderr);
        Assert.Contains("all.rbl.jp", stdout);
        Assert.Contains("9110", stdout);
    }

    [Fact]
    public async Task No_file_checks_the_builtin_reference()
    {
        var (code, stdout, stderr) = await ActorTrapProcess.RunAsync(["config", "check", "--print"]);
        Assert.True(code == 0, stderr);
        Assert.Contains("relays.ordb.org", stdout);
    }

    [Fact]
    public async Task Typo_in_a_key_fails_naming_file_line_column_and_the_closest_key()
    {
        var file = Write("typo.conf", "actortrap {\n  dns {\n    timout = 3s\n  }\n}\n");
        var (code, _, stderr) = await ActorTrapProcess.RunAsync(["config", "check", file]);
        Assert.NotEqual(0, code);
        Assert.Contains($"{file}:3:5", stderr);
        Assert.Contains("actortrap.dns.timout", stderr);
        Assert.Contains("timeout", stderr);
    }

    [Fact]
    public async Task Bad_duration_fails_naming_file_line_column()
    {
        var file = Write("duration.conf", "actortrap.dns.timeout = twenty\n");
        var (code, _, stderr) = await ActorTrapProcess.RunAsync(["config", "check", file]);
        Assert.NotEqual(0, code);
        Assert.Contains($"{file}:1:", stderr);
        Assert.Contains("actortrap.dns.timeout", stderr);
    }

    [Fact]
    public async Task Missing_required_include_fails_naming_file_line_column()
    {
        var file = Write("include.conf", "# comment\ninclude required(\"nowhere.conf\")\n");
        var (code, _, stderr) = await ActorTrapProcess.RunAsync(["config", "check", file]);
        Assert.NotEqual(0, code);
        Assert.Contains($"{file}:2:", stderr);
        Assert.Contains("nowhere.conf", stderr);
    }

    [Fact]
    public async Task Missing_plain_include_fails_too_because_a_silently_ignored_include_hides_mistakes()
    {
        var file = Write("include2.conf", "include \"nowhere.conf\"\n");
        var (code, _, stderr) = await ActorTrapProcess.RunAsync(["config", "check", file]);
        Assert.NotEqual(0, code);
        Assert.Contains($"{file}:1:", stderr);
    }

    [Fact]
    public async Task Every_error_is_reported_at_once()
    {
        var file = Write("many.conf", "actortrap.dns.timeout = -1s\nactortrap.dns.retries = 99\nactortrap.actors.throughput = 0\n");
        var (code, _, stderr) = await ActorTrapProcess.RunAsync(["config", "check", file]);
        Assert.NotEqual(0, code);
        Assert.Contains("actortrap.dns.timeout", stderr);
        Assert.Contains("actortrap.dns.retries", stderr);
        Assert.Contains("actortrap.actors.throughput", stderr);
    }

    [Fact]
    public async Task Issue13_akka_section_beside_actortrap_is_resolved_by_our_reader_and_shown()
    {
        // ${?ENV} with a fallback and an include: the things Akka's own parser cannot do; our reader does them first.
        var included = Write("akka-part.conf", "akka.actor.default-dispatcher.throughput = 42\n");
        var file = Write("akka.conf", $"include \"{included}\"\nakka {{\n  loglevel = \"ERROR\"\n  loglevel = ${{?ACTORTRAP_SPEC_UNSET_LEVEL}}\n}}\nactortrap.dns.timeout = 3s\n");
        var (code, stdout, stderr) = await ActorTrapProcess.RunAsync(["config", "check", file, "--print"]);
        Assert.True(code == 0, stderr);
        Assert.Contains("loglevel = ERROR", stdout, StringComparison.Ordinal);
        Assert.Contains("throughput = 42", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue13_akka_setting_that_akka_refuses_is_reported_with_akkas_reason()
    {
        var file = Write("akka-bad.conf", "akka.loglevel = LOUD\n");
        var (code, _, stderr) = await ActorTrapProcess.RunAsync(["config", "check", file]);
        Assert.NotEqual(0, code);
        Assert.Contains("akka: Akka refused these settings", stderr, StringComparison.Ordinal);
        Assert.Contains("LOUD", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue13_unclosed_array_in_the_akka_section_is_a_parse_error_with_a_line_not_a_hang()
    {
        // Akka 1.5.75's parser spins at 100 % CPU on this; ours names the line, and Akka never sees the text.
        var file = Write("akka-array.conf", "akka {\n  loggers = [\"a\", \"b\"\n  loglevel = INFO\n}\n");
        var (code, _, stderr) = await ActorTrapProcess.RunAsync(["config", "check", file]);
        Assert.NotEqual(0, code);
        Assert.Contains($"{file}:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_overrides_win_over_the_file()
    {
        var file = Write("set.conf", "actortrap.dns.timeout = 3s\n");
        var (code, stdout, stderr) = await ActorTrapProcess.RunAsync(["config", "check", file, "--print", "--set", "actortrap.dns.timeout=750ms"]);
        Assert.True(code == 0, stderr);
        Assert.Contains("750ms", stdout);
    }

    [Fact]
    public async Task Set_with_an_unknown_key_is_an_error_naming_the_option()
    {
        var (code, _, stderr) = await ActorTrapProcess.RunAsync(["config", "check", "--set", "actortrap.dns.timout=1s"]);
        Assert.NotEqual(0, code);
        Assert.Contains("--set", stderr);
        Assert.Contains("actortrap.dns.timout", stderr);
    }

    [Fact]
    public async Task Environment_override_named_in_the_reference_is_applied()
    {
        var (code, stdout, stderr) = await ActorTrapProcess.RunAsync(["config", "check", "--print"], environment: new Dictionary<string, string?> { ["ACTORTRAP_NODE_NAME"] = "pod-7" });
        Assert.True(code == 0, stderr);
        Assert.Contains("pod-7", stdout);
    }

    [Fact]
    public async Task Admin_off_loopback_without_token_is_refused()
    {
        var (code, _, stderr) = await ActorTrapProcess.RunAsync(["config", "check", "--set", "actortrap.admin.listen=\"0.0.0.0:9110\""]);
        Assert.NotEqual(0, code);
        Assert.Contains("actortrap.admin.token", stderr);
    }

    [Fact]
    public async Task Issue16_a_clean_check_is_one_verdict_line_naming_what_was_loaded_and_no_config_dump()
    {
        var file = Write("clean.conf", "actortrap.dns.timeout = 3s\n");
        var (code, stdout, stderr) = await ActorTrapProcess.RunAsync(["config", "check", file, "--set", "actortrap.dns.retries=2"]);
        Assert.True(code == 0, stderr);
        Assert.Equal($"config check: configuration OK (built-in reference + {file} + 1 --set)\n", stdout);
        Assert.Equal("", stderr);
    }

    [Fact]
    public async Task Issue16_print_shows_the_effective_config_and_still_ends_with_the_verdict()
    {
        var (code, stdout, stderr) = await ActorTrapProcess.RunAsync(["config", "check", "--print"]);
        Assert.True(code == 0, stderr);
        var lines = stdout.TrimEnd('\n').Split('\n');
        Assert.True(lines.Length > 100, stdout);
        Assert.Equal("config check: configuration OK (built-in reference)", lines[^1]);
    }

    [Fact]
    public async Task Issue16_a_failed_check_ends_with_the_error_count_and_exits_1()
    {
        var file = Write("two-bad.conf", "actortrap.dns.timeout = -1s\nactortrap.dns.retries = 99\n");
        var (code, stdout, stderr) = await ActorTrapProcess.RunAsync(["config", "check", file]);
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Equal("config check: 2 error(s)", stderr.TrimEnd('\n').Split('\n')[^1]);
    }

    [Fact]
    public async Task Issue16_an_out_of_range_duration_is_reported_as_typed()
    {
        var file = Write("days.conf", "actortrap.dns.cache.max-ttl = 1000d\n");
        var (code, _, stderr) = await ActorTrapProcess.RunAsync(["config", "check", file]);
        Assert.Equal(1, code);
        Assert.Contains("got 1000d", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("1440000m", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_prints_the_version()
    {
        var (code, stdout, _) = await ActorTrapProcess.RunAsync(["--version"]);
        Assert.Equal(0, code);
        Assert.Matches(@"\d+\.\d+\.\d+", stdout);
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);
}

using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ActorTrap.TestPeers;

namespace ActorTrap.Cli.Tests.Deployment;

/// <summary>
/// Issue 16: every pod brings its own recursive resolver (an unbound sidecar configured from a ConfigMap) and the
/// node is pointed at it; the SMTP greeting carries a configured mail name, not the pod's.
/// </summary>
public sealed partial class KustomizeSpec
{
    private string ResolverConfigText => Text(k8s.ResolverConfigMap["data"]!["unbound.conf"]);

    private static string Setting(string unboundConf, string name) =>
        UnboundSetting().Matches(unboundConf).Single(m => m.Groups[1].Value == name).Groups[2].Value.Trim('"');

    [Fact]
    public void Issue16_the_node_asks_the_unbound_sidecar_of_its_pod_on_loopback()
    {
        var sidecar = k8s.Resolver;
        var command = sidecar["command"]!.AsArray().Select(Text).ToList();
        Assert.Equal("unbound", command[0]);
        Assert.Contains("-d", command);
        var configPath = command[command.IndexOf("-c") + 1];

        // The file unbound is told to read is the ConfigMap's, mounted where the command looks.
        var mount = sidecar["volumeMounts"]!.AsArray().Single(m => Text(m!["mountPath"]) == Path.GetDirectoryName(configPath))!;
        var volume = k8s.PodSpec["volumes"]!.AsArray().Single(v => Text(v!["name"]) == Text(mount["name"]))!;
        Assert.Equal(Text(k8s.ResolverConfigMap["metadata"]!["name"]), Text(volume["configMap"]!["name"]));
        Assert.NotNull(k8s.ResolverConfigMap["data"]![Path.GetFileName(configPath)]);
        Assert.Equal(Text(mount["mountPath"]), Setting(ResolverConfigText, "directory"));

        // Where unbound listens is what the node asks, and only inside the pod.
        var listens = $"{Setting(ResolverConfigText, "interface")}:{Setting(ResolverConfigText, "port")}";
        Assert.Equal([listens], PodConfig.GetStringList("actortrap.dns.servers"));
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(Setting(ResolverConfigText, "interface"))), listens);
    }

    [Fact]
    public void Issue16_the_sidecar_runs_unprivileged_on_a_read_only_root_with_a_memory_limit_and_a_pinned_image()
    {
        var sidecar = k8s.Resolver;
        var security = sidecar["securityContext"]!;
        Assert.Equal(("true", "false"), (Text(security["readOnlyRootFilesystem"]), Text(security["allowPrivilegeEscalation"])));
        Assert.Equal(["ALL"], security["capabilities"]!["drop"]!.AsArray().Select(Text));
        Assert.Null(security["capabilities"]!["add"]);
        // Without NET_BIND_SERVICE, and as the pod's non-root user, only a port above 1023 can be bound.
        Assert.True(int.Parse(Setting(ResolverConfigText, "port"), System.Globalization.CultureInfo.InvariantCulture) > 1023);
        Assert.Equal(("\"\"", "\"\""), (UnboundSetting().Matches(ResolverConfigText).Single(m => m.Groups[1].Value == "username").Groups[2].Value,
            UnboundSetting().Matches(ResolverConfigText).Single(m => m.Groups[1].Value == "chroot").Groups[2].Value));
        Assert.NotNull(sidecar["resources"]!["limits"]!["memory"]);
        // kustomize's images entry replaced the placeholder with a name and a tag.
        Assert.Matches(@"^[^:]+/[^:]+:[0-9][\w.-]*$", Text(sidecar["image"]));
    }

    [Fact]
    public async Task Issue16_the_sidecars_unbound_conf_starts_a_real_unbound_that_answers()
    {
        // The ConfigMap's file as shipped, but on a free loopback port and with a directory that exists here.
        var directory = Directory.CreateTempSubdirectory("actortrap-sidecar-unbound-").FullName;
        try
        {
            var failures = new List<string>();
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var port = FreePort.UdpAndTcp();
                var text = UnboundSetting().Replace(ResolverConfigText, m => m.Groups[1].Value switch
                {
                    "port" => m.Value.Replace(m.Groups[2].Value, port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal),
                    "directory" => m.Value.Replace(m.Groups[2].Value, $"\"{directory}\"", StringComparison.Ordinal),
                    _ => m.Value,
                });
                var config = Path.Combine(directory, "unbound.conf");
                await File.WriteAllTextAsync(config, text);
                using var unbound = ActorTrapProcess.StartProgram(File.Exists("/usr/sbin/unbound") ? "/usr/sbin/unbound" : "unbound", ["-d", "-c", config], null, directory);
                var endPoint = new IPEndPoint(IPAddress.Loopback, port);
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
                while (DateTime.UtcNow < deadline && !unbound.HasExited)
                {
                    // unbound answers localhost from its built-in local zones, without asking anyone.
                    var answer = await Dig.RunAsync(endPoint, ["localhost", "A", "+short"], TimeSpan.FromSeconds(1));
                    if (answer.ExitCode == 0 && answer.Lines.Contains("127.0.0.1"))
                    {
                        return;
                    }

                    await Task.Delay(100);
                }

                failures.Add($"attempt {attempt + 1}, port {port}:\n{unbound.Stdout}{unbound.Stderr}");
            }

            Assert.Fail("unbound with the sidecar's configuration did not answer:\n" + string.Join('\n', failures));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Issue16_pods_greet_with_the_configured_mail_name_not_the_pod_name()
    {
        var variable = Variables.Single(v => v.Name == "ACTORTRAP_SMTP_HOSTNAME").Env;
        Assert.NotNull(variable["value"]);
        var name = PodConfig.GetString("actortrap.smtp.hostname");
        Assert.Equal(Text(variable["value"]), name);
        Assert.Contains('.', name);
        Assert.DoesNotContain("actortrap-", name, StringComparison.Ordinal);
    }

    /// <summary>A <c>name: value</c> line of unbound.conf (comments are on lines of their own there).</summary>
    [GeneratedRegex(@"^\s*([a-z0-9-]+):[ \t]*(\S.*?)\s*$", RegexOptions.Multiline)]
    private static partial Regex UnboundSetting();
}

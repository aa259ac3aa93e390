using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ActorTrap.Cli.Tests.EndToEnd;
using ActorTrap.Hocon;

namespace ActorTrap.Cli.Tests.Deployment;

/// <summary>
/// The Kubernetes manifests as <c>kubectl kustomize k8s/</c> renders them, checked against what the node really reads
/// and serves: listen ports against container ports and Services, variables against the configuration's <c>${?...}</c>
/// names, the overlay through <c>actortrap config check</c>, probe paths against a running node.
/// </summary>
public sealed partial class KustomizeSpec(RenderedManifests k8s) : IClassFixture<RenderedManifests>
{
    private const string OverlayFile = "actortrap-k8s.conf";

    private HoconConfig Overlay => HoconConfig.Load([HoconParser.ParseFile(Path.Combine(k8s.ConfigDirectory, OverlayFile), allIncludesRequired: true)], _ => null);

    private static int Port(string hostPort) => int.Parse(hostPort[(hostPort.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    private static string Text(JsonNode? node) => node!.GetValue<string>();

    private JsonObject ContainerPort(string name) =>
        k8s.Container["ports"]!.AsArray().Single(p => Text(p!["name"]) == name)!.AsObject();

    private IEnumerable<(string Name, JsonObject Env)> Variables =>
        k8s.Container["env"]!.AsArray().Select(e => (Text(e!["name"]), e.AsObject()));

    /// <summary>The overlay as a pod reads it: literal variables of the pod spec, Downward API fields as a pod would get them.</summary>
    private HoconConfig PodConfig
    {
        get
        {
            var fields = new Dictionary<string, string> { ["status.podIP"] = "10.244.1.7", ["metadata.namespace"] = "actortrap", ["metadata.name"] = "actortrap-0" };
            var environment = Variables.ToDictionary(v => v.Name, v => v.Env["value"] is { } value
                ? Text(value)
                : v.Env["valueFrom"]!["fieldRef"] is { } fieldRef ? fields[Text(fieldRef["fieldPath"])] : null);
            return HoconConfig.Load([HoconParser.ParseFile(Path.Combine(k8s.ConfigDirectory, OverlayFile), allIncludesRequired: true)], environment.GetValueOrDefault);
        }
    }

    private JsonObject PodLabels => k8s.PodSpec.Parent!["metadata"]!["labels"]!.AsObject();

    [Fact]
    public void Renders_the_namespace_config_nodes_services_budget_policies_and_database()
    {
        string Kinds(string kind) => string.Join(",", k8s.OfKind(kind).Select(r => Text(r["metadata"]!["name"])).Order());
        Assert.Equal("actortrap", Kinds("Namespace"));
        Assert.Equal("actortrap,actortrap-postgres", Kinds("StatefulSet"));
        Assert.Equal("actortrap-dnsbl,actortrap-nodes,actortrap-postgres,actortrap-smtp", Kinds("Service"));
        Assert.Equal("actortrap", Kinds("PodDisruptionBudget"));
        Assert.Equal("actortrap,actortrap-postgres", Kinds("NetworkPolicy"));
        Assert.Equal("actortrap", Kinds("ServiceAccount"));
        Assert.Equal("actortrap-pod-reader", Kinds("Role"));
        Assert.Equal("actortrap-pod-reader", Kinds("RoleBinding"));
        Assert.All(k8s.Resources.Where(r => Text(r["kind"]) != "Namespace"), r => Assert.Equal("actortrap", Text(r["metadata"]!["namespace"])));
    }

    [Fact]
    public void ConfigMap_carries_the_reference_unchanged_and_the_overlay_the_pod_runs_with()
    {
        var data = k8s.ConfigMap["data"]!.AsObject();
        Assert.Equal(File.ReadAllText(Path.Combine(RepoRoot.Path, "hocon", "actortrap.conf")), Text(data["actortrap.conf"]));
        Assert.Contains("include \"actortrap.conf\"", Text(data[OverlayFile]), StringComparison.Ordinal);

        // The node's ConfigMap volume (the resolver sidecar has one of its own).
        var configVolume = k8s.PodSpec["volumes"]!.AsArray().Single(v => v!["configMap"] is { } map && Text(map["name"]) == Text(k8s.ConfigMap["metadata"]!["name"]))!;
        var mount = k8s.Container["volumeMounts"]!.AsArray().Single(m => Text(m!["name"]) == Text(configVolume["name"]))!;
        var args = k8s.Container["args"]!.AsArray().Select(Text).ToList();
        Assert.Equal($"{Text(mount["mountPath"])}/{OverlayFile}", args[args.IndexOf("--config") + 1]);
    }

    [Fact]
    public void Container_ports_are_the_overlays_listen_ports_and_services_target_them()
    {
        var overlay = Overlay;
        Assert.Equal(overlay.GetStringList("actortrap.smtp.listen").Select(Port).Distinct(), [int.Parse(Text(ContainerPort("smtp")["containerPort"]), System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.Equal(Port(overlay.GetString("actortrap.admin.listen")), int.Parse(Text(ContainerPort("admin")["containerPort"]), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Port(overlay.GetString("actortrap.metrics.listen")), int.Parse(Text(ContainerPort("metrics")["containerPort"]), System.Globalization.CultureInfo.InvariantCulture));
        var dns = overlay.GetStringList("actortrap.publish.dns.listen").Select(Port).Distinct().Single();
        Assert.Equal(("UDP", dns), (Text(ContainerPort("dnsbl-udp")["protocol"]), int.Parse(Text(ContainerPort("dnsbl-udp")["containerPort"]), System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(("TCP", dns), (Text(ContainerPort("dnsbl-tcp")["protocol"]), int.Parse(Text(ContainerPort("dnsbl-tcp")["containerPort"]), System.Globalization.CultureInfo.InvariantCulture)));
        var pod = PodConfig;
        Assert.Equal(pod.GetInt("actortrap.cluster.port"), int.Parse(Text(ContainerPort("remoting")["containerPort"]), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(pod.GetInt("actortrap.cluster.kubernetes.management-port"), int.Parse(Text(ContainerPort("management")["containerPort"]), System.Globalization.CultureInfo.InvariantCulture));

        foreach (var service in k8s.OfKind("Service").Where(s => Text(s["spec"]!["selector"]!["app.kubernetes.io/name"]) == "actortrap"))
        {
            foreach (var port in service["spec"]!["ports"]!.AsArray())
            {
                var target = ContainerPort(Text(port!["targetPort"]));
                Assert.Equal(Text(port["protocol"]), Text(target["protocol"]));
            }
        }

        var smtp = k8s.Single("Service", n => n == "actortrap-smtp")["spec"]!;
        Assert.Equal(("25", "smtp", "Local"), (Text(smtp["ports"]![0]!["port"]), Text(smtp["ports"]![0]!["targetPort"]), Text(smtp["externalTrafficPolicy"])));
        var dnsbl = k8s.Single("Service", n => n == "actortrap-dnsbl")["spec"]!["ports"]!.AsArray();
        Assert.Equal(["53/TCP", "53/UDP"], dnsbl.Select(p => $"{Text(p!["port"])}/{Text(p["protocol"])}").Order());
    }

    [Fact]
    public void Every_ACTORTRAP_variable_of_the_pod_is_one_the_configuration_reads()
    {
        var read = new HashSet<string>(
            EnvReference().Matches(File.ReadAllText(Path.Combine(RepoRoot.Path, "hocon", "actortrap.conf")) + File.ReadAllText(Path.Combine(k8s.ConfigDirectory, OverlayFile)))
                .Select(m => m.Groups[1].Value));
        var unread = Variables.Select(v => v.Name)
            .Where(n => n.StartsWith("ACTORTRAP_", StringComparison.Ordinal) && !read.Contains(n) && !PendingSections.IsPendingVariable(n))
            .ToList();
        Assert.True(unread.Count == 0, $"set in the pod but read by no ${{?...}} in the configuration: {string.Join(", ", unread)}");
        Assert.Contains("ACTORTRAP_NODE_NAME", read);
        Assert.Equal("metadata.name", Text(Variables.Single(v => v.Name == "ACTORTRAP_NODE_NAME").Env["valueFrom"]!["fieldRef"]!["fieldPath"]));
        Assert.Equal("status.podIP", Text(Variables.Single(v => v.Name == "ACTORTRAP_CLUSTER_ADDRESS").Env["valueFrom"]!["fieldRef"]!["fieldPath"]));
        Assert.Contains("POD_NAMESPACE", read);
        // Secrets come from a Secret, never from a literal in a manifest.
        Assert.All(Variables.Where(v => v.Name is "ACTORTRAP_ADMIN_TOKEN" or "ACTORTRAP_POSTGRES" or "ACTORTRAP_FEED_KEY"),
            v => Assert.NotNull(v.Env["valueFrom"]!["secretKeyRef"]));
    }

    [Fact]
    public async Task Overlay_passes_config_check_with_the_pods_variables()
    {
        var environment = new Dictionary<string, string?>
        {
            ["ACTORTRAP_NODE_NAME"] = "actortrap-7",
            ["ACTORTRAP_CLUSTER_ADDRESS"] = "10.244.1.7",
            ["ACTORTRAP_CLUSTER_DISCOVERY"] = "kubernetes",
            ["ACTORTRAP_CLUSTER_HOSTNAME"] = "10.244.1.7",
            ["ACTORTRAP_CLUSTER_PORT"] = "4053",
            ["ACTORTRAP_SMTP_HOSTNAME"] = "trap.example.org",
            ["POD_NAMESPACE"] = "actortrap",
            ["ACTORTRAP_ADMIN_TOKEN"] = "k8s-spec-admin-token-0123456789abcdef",
            ["ACTORTRAP_POSTGRES"] = "Host=actortrap-postgres;Username=actortrap;Password=k8s-spec;Database=actortrap",
            ["ACTORTRAP_FEED_KEY"] = "00112233445566778899aabbccddeeff",
            ["ACTORTRAP_FEED_KEY_ID"] = "det-k8s",
        };
        Assert.Equal(environment.Keys.Order(), Variables.Select(v => v.Name).Where(n => n.StartsWith("ACTORTRAP_", StringComparison.Ordinal) || n == "POD_NAMESPACE").Order());

        var (code, stdout, stderr) = await ActorTrapProcess.RunAsync(["config", "check", Path.Combine(k8s.ConfigDirectory, OverlayFile), "--print"], TimeSpan.FromSeconds(30), environment);
        var errors = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("config check:", StringComparison.Ordinal)).ToList();
        Assert.True(errors.All(PendingSections.IsPendingError), $"config check of the overlay:\n{stderr}");
        if (PendingSections.Missing.Count == 0)
        {
            Assert.True(code == 0, stderr);
            Assert.Contains("10.244.1.7", stdout, StringComparison.Ordinal);
        }

        // Secrets reach the pod as variables; `config check` output ends up in CI logs and tickets.
        Assert.DoesNotContain("k8s-spec-admin-token", stdout + stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Password=k8s-spec", stdout + stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("00112233445566778899aabbccddeeff", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_paths_are_served_on_the_admin_port_without_the_token()
    {
        var probes = new[] { "readinessProbe", "livenessProbe" }.Select(p => k8s.Container[p]!["httpGet"]!).ToList();
        Assert.All(probes, p => Assert.Equal("admin", Text(p["port"])));

        using var node = await RunningNode.StartAsync("127.0.0.1:9", "bl.k8s.test", settings: ["actortrap.admin.token=\"k8s-spec-probe-token-0123456789\""]);
        foreach (var path in probes.Select(p => Text(p["path"])))
        {
            using var response = await node.Http.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await node.Http.GetAsync("/api/actors")).StatusCode);
    }

    [Fact]
    public void Nodes_run_unprivileged_with_a_read_only_root_and_the_data_dir_on_a_volume()
    {
        Assert.Equal("true", Text(k8s.PodSpec["securityContext"]!["runAsNonRoot"]));
        var security = k8s.Container["securityContext"]!;
        Assert.Equal(("true", "false"), (Text(security["readOnlyRootFilesystem"]), Text(security["allowPrivilegeEscalation"])));
        Assert.Equal(["ALL"], security["capabilities"]!["drop"]!.AsArray().Select(Text));
        Assert.Null(security["capabilities"]!["add"]);
        Assert.NotNull(k8s.Container["resources"]!["requests"]);

        var dataDir = Overlay.GetString("actortrap.data-dir");
        var mount = k8s.Container["volumeMounts"]!.AsArray().Single(m => Text(m!["mountPath"]) == dataDir)!;
        Assert.Contains(k8s.Nodes["spec"]!["volumeClaimTemplates"]!.AsArray(), t => Text(t!["metadata"]!["name"]) == Text(mount["name"]));
    }

    [Fact]
    public void Admin_port_is_reachable_only_from_inside_while_smtp_and_dns_are_open()
    {
        var rules = k8s.Single("NetworkPolicy", n => n == "actortrap")["spec"]!["ingress"]!.AsArray();
        var open = rules.Where(r => r!["from"] is null).SelectMany(r => r!["ports"]!.AsArray()).Select(p => Text(p!["port"])).Order();
        Assert.Equal(["dnsbl-tcp", "dnsbl-udp", "smtp"], open);
        var admin = rules.Single(r => r!["ports"]!.AsArray().Any(p => Text(p!["port"]) == "admin"))!;
        Assert.NotNull(admin["from"]);
        Assert.DoesNotContain(admin["from"]!.AsArray(), f => f!["ipBlock"] is not null);

        var podLabels = k8s.PodSpec.Parent!["metadata"]!["labels"]!.AsObject();
        var budget = k8s.Single("PodDisruptionBudget", n => n == "actortrap")["spec"]!["selector"]!["matchLabels"]!.AsObject();
        Assert.All(budget, kv => Assert.Equal(Text(kv.Value), Text(podLabels[kv.Key])));
    }

    [Fact]
    public void Issue14_pods_bootstrap_their_cluster_through_the_kubernetes_api_on_the_pod_address()
    {
        var pod = PodConfig;
        Assert.Equal("kubernetes", pod.GetString("actortrap.cluster.discovery"));
        Assert.Equal("10.244.1.7", pod.GetString("actortrap.cluster.hostname"));
        Assert.Equal("actortrap", pod.GetString("actortrap.cluster.kubernetes.pod-namespace"));
        Assert.Empty(pod.GetStringList("actortrap.cluster.seed-nodes"));
        Assert.Equal("postgres", pod.GetString("actortrap.reputation.store"));
        string Field(string variable) => Text(Variables.Single(v => v.Name == variable).Env["valueFrom"]!["fieldRef"]!["fieldPath"]);
        Assert.Equal(("status.podIP", "metadata.namespace"), (Field("ACTORTRAP_CLUSTER_HOSTNAME"), Field("POD_NAMESPACE")));

        // The selector finds these pods: every one of its key=value terms is a label of the pod template.
        var selector = pod.GetString("actortrap.cluster.kubernetes.pod-label-selector");
        foreach (var term in selector.Split(','))
        {
            var (key, value) = (term.Split('=')[0].Trim(), term.Split('=')[1].Trim());
            Assert.True(PodLabels[key] is { } label && Text(label) == value, $"pod template lacks the label {term} that pod-label-selector \"{selector}\" asks for");
        }

        // The first pods wait for required-contact-points of them before one forms the cluster: no more than will run.
        var replicas = int.Parse(Text(k8s.Nodes["spec"]!["replicas"]), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(pod.GetInt("actortrap.cluster.kubernetes.required-contact-points"), 1, replicas);
        Assert.Equal("Parallel", Text(k8s.Nodes["spec"]!["podManagementPolicy"]));
    }

    [Fact]
    public void Issue14_the_pods_service_account_may_get_list_and_watch_pods_in_its_namespace_and_nothing_else()
    {
        var account = Text(k8s.PodSpec["serviceAccountName"]);
        Assert.NotEqual("false", k8s.PodSpec["automountServiceAccountToken"] is { } mount ? Text(mount) : "true");
        Assert.Equal(account, Text(k8s.Single("ServiceAccount", n => n == account)["metadata"]!["name"]));

        var binding = k8s.OfKind("RoleBinding").Single();
        Assert.Contains(binding["subjects"]!.AsArray(),
            s => Text(s!["kind"]) == "ServiceAccount" && Text(s["name"]) == account && Text(s["namespace"]) == Text(k8s.Nodes["metadata"]!["namespace"]));
        Assert.Equal("Role", Text(binding["roleRef"]!["kind"]));
        var role = k8s.Single("Role", n => n == Text(binding["roleRef"]!["name"]));
        var rule = Assert.Single(role["rules"]!.AsArray())!;
        Assert.Equal([""], rule["apiGroups"]!.AsArray().Select(Text));
        Assert.Equal(["pods"], rule["resources"]!.AsArray().Select(Text));
        Assert.Equal(["get", "list", "watch"], rule["verbs"]!.AsArray().Select(Text).Order());
        Assert.Empty(k8s.OfKind("ClusterRole"));
        Assert.Empty(k8s.OfKind("ClusterRoleBinding"));
    }

    [Fact]
    public void Issue14_readiness_is_readyz_liveness_healthz_and_the_grace_period_covers_the_whole_stop()
    {
        Assert.Equal("/readyz", Text(k8s.Container["readinessProbe"]!["httpGet"]!["path"]));
        Assert.Equal("/healthz", Text(k8s.Container["livenessProbe"]!["httpGet"]!["path"]));
        // The node bounds its coordinated shutdown at 6 x shutdown-timeout, then gives the actor system one more.
        var shutdown = PodConfig.GetDuration("actortrap.actors.shutdown-timeout");
        var grace = TimeSpan.FromSeconds(int.Parse(Text(k8s.PodSpec["terminationGracePeriodSeconds"]), System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(grace > shutdown * 7, $"terminationGracePeriodSeconds {grace.TotalSeconds} s is shorter than the node's stop (7 x {shutdown.TotalSeconds} s)");
    }

    [Fact]
    public void Issue14_remoting_and_the_contact_point_are_open_to_the_other_nodes_only()
    {
        var rules = k8s.Single("NetworkPolicy", n => n == "actortrap")["spec"]!["ingress"]!.AsArray();
        var cluster = rules.Single(r => r!["ports"]!.AsArray().Any(p => Text(p!["port"]) == "remoting"))!;
        Assert.Equal(["management", "remoting"], cluster["ports"]!.AsArray().Select(p => Text(p!["port"])).Order());
        var from = Assert.Single(cluster["from"]!.AsArray())!;
        Assert.Null(from["namespaceSelector"]);
        Assert.All(from["podSelector"]!["matchLabels"]!.AsObject(), kv => Assert.Equal(Text(kv.Value), Text(PodLabels[kv.Key])));
    }

    [GeneratedRegex(@"\$\{\?([A-Z0-9_]+)\}")]
    private static partial Regex EnvReference();
}

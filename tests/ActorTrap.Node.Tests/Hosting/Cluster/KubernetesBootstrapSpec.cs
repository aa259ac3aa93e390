using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Hosting.Actors;
using ActorTrap.Node.Hosting.Cluster;
using ActorTrap.Node.Tests.Support;
using Akka.Actor;
using Akka.Discovery.KubernetesApi;
using Akka.Event;
using Akka.Management.Cluster.Bootstrap;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorTrap.Node.Tests.Hosting.Cluster;

/// <summary>
/// Issue 14: <c>actortrap.cluster.discovery = kubernetes</c> renders Akka.Management's cluster bootstrap over the
/// Kubernetes API discovery, and a node starts Akka.Management's HTTP endpoint and the bootstrap. No Kubernetes API
/// is reachable here: discovery fails, and the node must keep running and keep asking.
/// </summary>
public sealed class KubernetesBootstrapSpec
{
    /// <summary>
    /// The discovery reads the API's address from the variables this names; none by this name is set, so it never
    /// reaches a real API even on a machine inside a Kubernetes pod.
    /// </summary>
    private const string NoApi = "akka.discovery.kubernetes-api.api-service-host-env-name = ACTORTRAP_SPEC_NO_KUBERNETES_API";

    /// <summary>Akka's bootstrap waits 1 s between lookups and backs off to 15 s after failures; a spec cannot wait that long.</summary>
    private static readonly string[] QuickLookups =
    [
        "akka.management.cluster.bootstrap.contact-point-discovery.interval = 100ms",
        "akka.management.cluster.bootstrap.contact-point-discovery.exponential-backoff-max = 200ms",
    ];

    /// <summary>Akka's bootstrap waits for 5 s of unchanged observations and probes contact points every 5 s.</summary>
    private static readonly string[] QuickDecisions =
    [
        "akka.management.cluster.bootstrap.contact-point-discovery.stable-margin = 300ms",
        "akka.management.cluster.bootstrap.contact-point.probe-interval = 200ms",
    ];

    /// <summary>Akka.Cluster starts its periodic tasks after 1 s and moves joining members up once a second.</summary>
    private static readonly string[] QuickGossip =
    [
        "akka.cluster.periodic-tasks-initial-delay = 0s",
        "akka.cluster.gossip-interval = 100ms",
        "akka.cluster.leader-actions-interval = 100ms",
    ];

    internal static NodeSettings Load(params string[] overrides)
    {
        string[] cluster =
        [
            "actortrap.cluster.discovery = kubernetes",
            "actortrap.reputation.store = postgres",
            "actortrap.reputation.postgres.connection-string = \"Host=127.0.0.1;Username=spec;Password=spec;Database=spec\"",
        ];
        var loaded = NodeConfig.Load(new ConfigSources(null, [.. cluster, .. overrides]), _ => null);
        Assert.True(loaded.Settings is not null, string.Join("\n", loaded.Errors));
        return loaded.Settings;
    }

    internal static ActorSystem StartSystem(NodeSettings settings, LogCapture logs) =>
        ActorSystem.Create(ClusterOptions.SystemName, BootstrapSetup.Create()
            .WithConfig(NodeActorSystem.Config(settings.Actors, settings.Cluster))
            .And(new LoggerFactorySetup(logs)));

    [Fact]
    public void Issue14_rendered_akka_config_carries_the_bootstrap_and_our_pod_label_selector_as_written()
    {
        var settings = Load("actortrap.cluster.hostname = \"10.244.1.7\"", "actortrap.cluster.port = 4053",
            "actortrap.cluster.kubernetes.pod-label-selector = \"app=actortrap,tier in (edge)\"",
            "actortrap.cluster.kubernetes.required-contact-points = 3", "actortrap.cluster.kubernetes.pod-namespace = mail");
        var config = NodeActorSystem.Config(settings.Actors, settings.Cluster);

        Assert.Equal("10.244.1.7", config.GetString("akka.management.http.hostname"));
        Assert.Equal(8558, config.GetInt("akka.management.http.port"));

        // Read back by the bootstrap's own settings classes, over Akka.Management's reference configuration.
        var withReference = config.WithFallback(ClusterBootstrap.DefaultConfiguration());
        var discovery = ClusterBootstrapSettings.ContactPointDiscoverySettings.Create(withReference);
        Assert.Equal((KubernetesBootstrap.DiscoveryMethod, 3, ClusterOptions.SystemName, (string?)null),
            (discovery.DiscoveryMethod, discovery.RequiredContactPointsNr, discovery.ServiceName, discovery.PortName));
        Assert.Equal(8558, ClusterBootstrapSettings.ContactPointSettings.Create(withReference).FallbackPort);
        Assert.Empty(config.GetStringList("akka.cluster.seed-nodes"));

        // Read back by the discovery's own settings class, which formats the selector with the service name.
        var kubernetes = KubernetesDiscoverySettings.Create(config.GetConfig("akka.discovery." + KubernetesBootstrap.DiscoveryMethod));
        Assert.Equal("app=actortrap,tier in (edge)", kubernetes.PodLabelSelector(ClusterOptions.SystemName));
        Assert.Equal("mail", kubernetes.PodNamespace);
        Assert.Equal("/var/run/secrets/kubernetes.io/serviceaccount/namespace", kubernetes.PodNamespacePath);
        Assert.Equal(typeof(KubernetesApiServiceDiscovery), Type.GetType(config.GetString("akka.discovery.kubernetes-api.class")));
    }

    [Fact]
    public void Issue14_without_a_namespace_the_discovery_reads_the_service_accounts_and_POD_NAMESPACE_sets_it()
    {
        var config = NodeActorSystem.Config(Load().Actors, Load().Cluster);
        var kubernetes = KubernetesDiscoverySettings.Create(config.GetConfig("akka.discovery.kubernetes-api"));
        Assert.Null(kubernetes.PodNamespace);
        Assert.Equal("app=actortrap", kubernetes.PodLabelSelector(ClusterOptions.SystemName));

        var fromPod = NodeConfig.Load(new ConfigSources(null,
            ["actortrap.cluster.discovery = kubernetes", "actortrap.reputation.postgres.connection-string = \"Host=db;Username=a;Password=b;Database=c\""]),
            name => name == "POD_NAMESPACE" ? "actortrap" : null);
        Assert.Equal("actortrap", fromPod.Settings!.Cluster.Kubernetes.PodNamespace);
    }

    [Fact]
    public void Issue14_seed_nodes_leave_no_bootstrap_settings()
    {
        var settings = NodeConfig.Load(new ConfigSources(null,
            ["actortrap.cluster.seed-nodes = [\"10.0.0.5:4053\"]", "actortrap.reputation.postgres.connection-string = \"Host=db;Username=a;Password=b;Database=c\""]),
            _ => null).Settings!;
        Assert.DoesNotContain("akka.management", NodeActorSystem.ClusterHocon(settings.Cluster), StringComparison.Ordinal);
        Assert.False(NodeActorSystem.Config(settings.Actors, settings.Cluster).HasPath("akka.discovery.kubernetes-api.class"));
    }

    [Fact]
    public async Task Issue14_management_answers_on_its_port_while_discovery_fails_and_the_node_keeps_asking()
    {
        var port = FreeTcpPort();
        var settings = Load([$"actortrap.cluster.kubernetes.management-port = {port}", NoApi, .. QuickLookups]);
        var logs = new LogCapture();
        var system = StartSystem(settings, logs);
        try
        {
            var failedLookups = Watch(system, "Resolve attempt failed", count: 3);
            await ClusterMembership.JoinAsync(system, settings.Cluster, "spec", NullLogger.Instance, CancellationToken.None);

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/bootstrap/seed-nodes"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(("127.0.0.1", Akka.Cluster.Cluster.Get(system).SelfAddress.Port),
                (body.RootElement.GetProperty("SelfNode").GetProperty("Host").GetString(), body.RootElement.GetProperty("SelfNode").GetProperty("Port").GetInt32()));
            Assert.Equal(0, body.RootElement.GetProperty("Nodes").GetArrayLength()); // nobody has joined anybody

            // Three failed lookups in a row: the bootstrap retries, and nothing stopped the node meanwhile.
            await failedLookups.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.False(system.WhenTerminated.IsCompleted);
            Assert.False(ClusterMembership.IsUp(system));
            Assert.Contains(logs.Lines, l => l.Message.Contains("could not create Kubernetes client", StringComparison.Ordinal));
        }
        finally
        {
            await system.TerminateWithin(TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public async Task Issue14_a_management_port_in_use_fails_start_up_with_an_error_naming_the_port_and_key()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var settings = Load($"actortrap.cluster.kubernetes.management-port = {port}", NoApi);
        var system = StartSystem(settings, new LogCapture());
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                ClusterMembership.JoinAsync(system, settings.Cluster, "spec", NullLogger.Instance, CancellationToken.None));
            Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
            Assert.Contains("actortrap.cluster.kubernetes.management-port", error.Message, StringComparison.Ordinal);
            Assert.Same(error, error.GetBaseException()); // what `actortrap run` prints
        }
        finally
        {
            await system.TerminateWithin(TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public async Task Issue14_a_pod_the_kubernetes_api_lists_finds_itself_through_its_contact_point_and_forms_the_cluster()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        api.Answer = _ => Microsoft.AspNetCore.Http.Results.Json(FakeKubernetesApi.PodList("127.0.0.1"));
        Environment.SetEnvironmentVariable("KUBECONFIG", api.Kubeconfig);
        var port = FreeTcpPort();
        var settings = Load([$"actortrap.cluster.kubernetes.management-port = {port}", "actortrap.cluster.kubernetes.required-contact-points = 1",
            "actortrap.cluster.kubernetes.pod-namespace = spec", "actortrap.cluster.kubernetes.pod-label-selector = \"app=actortrap,tier in (edge)\"",
            .. api.Akka, .. QuickLookups, .. QuickDecisions]);
        var logs = new LogCapture();
        var system = StartSystem(settings, logs);
        try
        {
            var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
            await ClusterMembership.JoinAsync(system, settings.Cluster, "spec", NullLogger.Instance, CancellationToken.None);

            // Akka's word that this node is up; its read view (ClusterMembership.IsUp) catches up a moment later.
            await up.Task.WaitAsync(TimeSpan.FromSeconds(15));
            Assert.Equal(("/api/v1/namespaces/spec/pods", "app=actortrap,tier in (edge)", $"Bearer {FakeKubernetesApi.Token}"), api.Requests[0]);
        }
        finally
        {
            await system.TerminateWithin(TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>
    /// Two pods on two loopback addresses with the same management port, as on Kubernetes: both wait for two contact
    /// points, the lower address forms the cluster, and the other learns it from that pod's contact point and joins.
    /// </summary>
    [Fact]
    public async Task Issue14_two_pods_the_kubernetes_api_lists_form_one_cluster_the_lower_address_first()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        api.Answer = _ => Microsoft.AspNetCore.Http.Results.Json(FakeKubernetesApi.PodList("127.0.0.1", "127.0.0.2"));
        Environment.SetEnvironmentVariable("KUBECONFIG", api.Kubeconfig);
        var port = FreeTcpPort();
        NodeSettings Pod(string ip) => Load([$"actortrap.cluster.hostname = \"{ip}\"", $"actortrap.cluster.kubernetes.management-port = {port}",
            "actortrap.cluster.kubernetes.pod-namespace = spec", .. api.Akka, .. QuickLookups, .. QuickDecisions, .. QuickGossip]);
        var pods = new[] { Pod("127.0.0.2"), Pod("127.0.0.1") };
        var systems = pods.Select(p => StartSystem(p, new LogCapture())).ToList();
        try
        {
            var oneCluster = systems.Select(system => UpMembers(system, 2)).ToList();
            for (var i = 0; i < systems.Count; i++)
            {
                await ClusterMembership.JoinAsync(systems[i], pods[i].Cluster, "spec-" + i, NullLogger.Instance, CancellationToken.None);
            }

            // Each sees both up: one cluster (two clusters of one would each see one).
            var members = await Task.WhenAll(oneCluster).WaitAsync(TimeSpan.FromSeconds(20));
            Assert.All(members, m => Assert.Equal(["127.0.0.1", "127.0.0.2"], m.Select(a => a.Host).Order()));
        }
        finally
        {
            await Task.WhenAll(systems.Select(s => s.TerminateWithin(TimeSpan.FromSeconds(10))));
        }
    }

    [Fact]
    public async Task Issue14_a_kubernetes_api_that_refuses_the_pod_list_is_asked_again_while_the_node_runs_unready()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        api.Answer = _ => Microsoft.AspNetCore.Http.Results.Json(new { kind = "Status", apiVersion = "v1", status = "Failure", reason = "Forbidden", code = 403 },
            statusCode: (int)HttpStatusCode.Forbidden);
        Environment.SetEnvironmentVariable("KUBECONFIG", api.Kubeconfig);
        var settings = Load([$"actortrap.cluster.kubernetes.management-port = {FreeTcpPort()}", .. api.Akka, .. QuickLookups]);
        var logs = new LogCapture();
        var system = StartSystem(settings, logs);
        try
        {
            await ClusterMembership.JoinAsync(system, settings.Cluster, "spec", NullLogger.Instance, CancellationToken.None);
            await api.Received(3).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.False(system.WhenTerminated.IsCompleted);
            Assert.False(ClusterMembership.IsUp(system));
            Assert.Contains(logs.Lines, l => l.Message.Contains("check RBAC", StringComparison.Ordinal));
        }
        finally
        {
            await system.TerminateWithin(TimeSpan.FromSeconds(10));
        }
    }

    internal static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Completes with the members' addresses once <paramref name="count"/> members are up, as this system sees them.</summary>
    private static Task<Address[]> UpMembers(ActorSystem system, int count)
    {
        var done = new TaskCompletionSource<Address[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        system.ActorOf(Props.Create(() => new UpCounter(count, done)));
        return done.Task;
    }

    /// <summary>Completes once Akka has logged <paramref name="count"/> warnings containing <paramref name="text"/>.</summary>
    private static Task Watch(ActorSystem system, string text, int count)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watcher = system.ActorOf(Props.Create(() => new WarningCounter(text, count, done)));
        system.EventStream.Subscribe(watcher, typeof(Warning));
        return done.Task;
    }

    private sealed class UpCounter : ReceiveActor
    {
        public UpCounter(int count, TaskCompletionSource<Address[]> done)
        {
            var up = new HashSet<Address>();
            Receive<Akka.Cluster.ClusterEvent.MemberUp>(m =>
            {
                up.Add(m.Member.Address);
                if (up.Count >= count)
                {
                    done.TrySetResult([.. up]);
                }
            });
            Receive<Akka.Cluster.ClusterEvent.IClusterDomainEvent>(_ => { });
        }

        protected override void PreStart() => Akka.Cluster.Cluster.Get(Context.System)
            .Subscribe(Self, Akka.Cluster.ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(Akka.Cluster.ClusterEvent.MemberUp));
    }

    private sealed class WarningCounter : ReceiveActor
    {
        public WarningCounter(string text, int count, TaskCompletionSource done)
        {
            var seen = 0;
            Receive<Warning>(w => w.Message?.ToString()?.Contains(text, StringComparison.Ordinal) == true, _ =>
            {
                if (++seen >= count)
                {
                    done.TrySetResult();
                }
            });
        }
    }
}

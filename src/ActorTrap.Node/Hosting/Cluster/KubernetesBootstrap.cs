using System.Globalization;
using ActorTrap.Node.Configuration;
using Akka;
using Akka.Actor;
using Akka.Discovery.KubernetesApi;
using Akka.Management.Cluster.Bootstrap;
using Akka.Management.Dsl;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Hosting.Cluster;

/// <summary>
/// Cluster bootstrap on Kubernetes: this node serves its contact point over HTTP on the cluster hostname and
/// <c>management-port</c> (<see cref="ManagementEndpoint"/>), and Akka.Management's cluster bootstrap lists the pods
/// matching <c>pod-label-selector</c> through the Kubernetes API (Akka.Discovery.KubernetesApi), asks each for the
/// cluster's members, and joins them; when none is in a cluster yet and <c>required-contact-points</c> pods answer,
/// the one with the lowest address forms it. A failed lookup (no API, RBAC refused) is logged by Akka and retried
/// with backoff for as long as the node runs; the node stays unready (<c>/readyz</c>) until it is an up member.
/// </summary>
internal static class KubernetesBootstrap
{
    /// <summary>The method name Akka.Discovery looks up under <c>akka.discovery</c>.</summary>
    internal const string DiscoveryMethod = "kubernetes-api";

    /// <summary>The bootstrap's start returns once it has its contact point; this only keeps a wedged start from hanging the node's.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Starts the contact point, then the bootstrap (which needs the contact point's address: it must find itself
    /// among the pods it discovers). Throws <see cref="InvalidOperationException"/> naming the endpoint and the key
    /// when the contact point cannot listen (the port is in use or not permitted). The endpoint stops in the
    /// coordinated shutdown's before-cluster-shutdown phase, as Akka.Management's own does.
    /// </summary>
    public static async Task StartAsync(ActorSystem system, ClusterOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        var kubernetes = options.Kubernetes;
        var host = options.Hostname.Contains(':', StringComparison.Ordinal) && !options.Hostname.StartsWith('[') ? $"[{options.Hostname}]" : options.Hostname;
        var endpoint = $"{host}:{kubernetes.ManagementPort.ToString(CultureInfo.InvariantCulture)}";
        ManagementEndpoint contactPoint;
        try
        {
            contactPoint = await ManagementEndpoint.StartAsync(system, options.Hostname, kubernetes.ManagementPort, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            // Without an inner exception: the node's start-up error is the innermost message, and it must name the port.
            throw new InvalidOperationException(
                $"the cluster bootstrap's contact point could not listen on {endpoint} (actortrap.cluster.kubernetes.management-port): {Reasons(e)}");
        }

        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeClusterShutdown, "stop-bootstrap-contact-point", async () =>
        {
            await contactPoint.DisposeAsync().ConfigureAwait(false);
            return Done.Instance;
        });

        var bootstrap = ClusterBootstrap.Get(system);
        // How Akka.Management tells the bootstrap its own contact point when it serves the routes itself.
        bootstrap.Routes(ManagementRouteProviderSettings.Create(new Uri($"http://{endpoint}"), true));
        await bootstrap.Start().WaitAsync(StartTimeout, cancellationToken).ConfigureAwait(false);
        Log.BootstrapStarted(logger, endpoint, kubernetes.PodLabelSelector,
            kubernetes.PodNamespace.Length == 0 ? "the service account's" : kubernetes.PodNamespace, kubernetes.RequiredContactPoints);
    }

    /// <summary>
    /// Akka's settings for the bootstrap, rendered beside <see cref="Actors.NodeActorSystem.ClusterHocon"/> when
    /// <c>discovery = kubernetes</c>; the Kubernetes discovery's reference settings are the fallback (see
    /// <see cref="ReferenceConfig"/>).
    /// </summary>
    internal static string Hocon(ClusterOptions cluster)
    {
        static string Quote(string s) => Actors.NodeActorSystem.Quote(s);
        var kubernetes = cluster.Kubernetes;
        var hostname = cluster.Hostname.StartsWith('[') ? cluster.Hostname[1..^1] : cluster.Hostname;
        var discoveryClass = typeof(KubernetesApiServiceDiscovery);
        // akka.management.http: where Akka.Management's own server would listen; ours does (ManagementEndpoint), and
        // Akka's parts that ask for the management address and port get the same answer.
        // No port name: every pod serves its contact point on the same configured port, so contact points are the
        // pods' addresses and that port (fallback-port) whatever the container ports are called.
        // The discovery formats the selector with the service name ({0}); doubled braces keep ours as written.
        var selector = kubernetes.PodLabelSelector.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal);
        return string.Create(CultureInfo.InvariantCulture, $$"""
            akka.management.http.hostname = {{Quote(hostname)}}
            akka.management.http.port = {{kubernetes.ManagementPort}}
            akka.management.cluster.bootstrap.contact-point-discovery {
              service-name = {{Quote(ClusterOptions.SystemName)}}
              discovery-method = {{DiscoveryMethod}}
              port-name = ""
              required-contact-point-nr = {{kubernetes.RequiredContactPoints}}
            }
            akka.management.cluster.bootstrap.contact-point.fallback-port = {{kubernetes.ManagementPort}}
            akka.discovery.{{DiscoveryMethod}} {
              class = {{Quote($"{discoveryClass.FullName}, {discoveryClass.Assembly.GetName().Name}")}}
              pod-label-selector = {{Quote(selector)}}
              pod-namespace = {{Quote(kubernetes.PodNamespace)}}
            }
            """);
    }

    /// <summary>
    /// The Kubernetes discovery's reference settings (API paths, token file, namespace file), which Akka only adds
    /// when that extension is loaded; the bootstrap loads the discovery class without it.
    /// </summary>
    internal static Akka.Configuration.Config ReferenceConfig() => KubernetesDiscovery.DefaultConfiguration();

    private static string Reasons(Exception e)
    {
        var reasons = new List<string>();
        for (var cause = e; cause is not null; cause = cause.InnerException)
        {
            reasons.Add(cause.Message.Split('\n')[0].Trim());
        }

        return string.Join(": ", reasons.Distinct());
    }
}

using ActorTrap.Node.Configuration;
using Akka.Actor;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Hosting.Cluster;

/// <summary>Cluster bootstrap on Kubernetes (Akka.Management + Akka.Discovery.KubernetesApi).</summary>
internal static class KubernetesBootstrap
{
    public static void Start(ActorSystem system, ClusterOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        throw new NotSupportedException("actortrap.cluster.discovery = kubernetes is not wired yet");
    }
}

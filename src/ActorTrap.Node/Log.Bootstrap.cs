using Microsoft.Extensions.Logging;

namespace ActorTrap.Node;

/// <summary>Cluster bootstrap on Kubernetes, 403x.</summary>
internal static partial class Log
{
    [LoggerMessage(4030, LogLevel.Information,
        "Cluster bootstrap on Kubernetes: Akka.Management on http://{Endpoint}; looking for {Required} pods labelled {Selector} in {Namespace} namespace (Akka logs each failed lookup and retries)")]
    public static partial void BootstrapStarted(ILogger logger, string endpoint, string selector, string @namespace, int required);
}

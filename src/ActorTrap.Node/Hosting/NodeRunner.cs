using System.Reflection;
using ActorTrap.Node.Configuration;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Hosting;

/// <summary>What <c>actortrap run</c> does once the configuration is valid: log setup, start, wait for the stop signal, ordered stop.</summary>
public static class NodeRunner
{
    /// <summary>Exit code when the cluster downed this node: it must be restarted to join again as a new member.</summary>
    public const int DownedExitCode = 3;

    /// <returns>
    /// The process exit code: 0 after a clean stop (also after leaving the cluster), 1 when the node could not start
    /// or did not stop in time, <see cref="DownedExitCode"/> when the cluster downed it.
    /// </returns>
    /// <param name="jsonLogs">From <c>--log-format</c>; null: <c>actortrap.log.format</c> decides.</param>
    public static async Task<int> RunAsync(LoadedConfig loaded, bool? jsonLogs, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        var settings = loaded.Settings ?? throw new ArgumentException("configuration has errors", nameof(loaded));
        using var loggerFactory = NodeLogging.CreateFactory(settings.Log, jsonLogs ?? settings.Log.Json);
        var logger = loggerFactory.CreateLogger("ActorTrap.Node");
        Log.NodeStarting(logger, settings.Node.Name, Version, loaded.SourceDescription);

        NodeHost host;
        try
        {
            host = await NodeHost.StartAsync(settings, loggerFactory, stop).ConfigureAwait(false);
        }
        #pragma warning disable CA1031 // start-up failures of any kind are reported as one line and exit 1, never a stack dump
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // Typically a port already in use or not permitted, a data directory that cannot be created or that another
            // node uses: each says which key, address or path (StartFailures).
            logger.LogCritical(4005, "Node could not start: {Reason}", StartFailures.Describe(ex, settings.Cluster));
            return 1;
        }

        // Until the stop signal, or until the cluster downs this node or it leaves (its coordinated shutdown has then run).
        var signalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (stop.Register(() => signalled.TrySetResult()))
        {
            await Task.WhenAny(signalled.Task, host.Removed).ConfigureAwait(false);
        }

        var clean = await host.StopAsync(host.Removed.IsCompleted ? await host.Removed.ConfigureAwait(false) : "stop signal").ConfigureAwait(false);
        return host.WasDowned ? DownedExitCode : clean ? 0 : 1;
    }

    public static string Version { get; } =
        typeof(NodeRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

}

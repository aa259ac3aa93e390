using System.Reflection;
using System.Runtime.InteropServices;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Hosting.Reload;
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
    /// <param name="readAgain">Reads the configuration again from the same sources; SIGHUP then reloads the node with it (none when null).</param>
    public static async Task<int> RunAsync(LoadedConfig loaded, bool? jsonLogs, CancellationToken stop, Func<LoadedConfig>? readAgain = null)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        var settings = loaded.Settings ?? throw new ArgumentException("configuration has errors", nameof(loaded));
        using var loggerFactory = NodeLogging.CreateFactory(settings.Log, jsonLogs ?? settings.Log.Json);
        var logger = loggerFactory.CreateLogger("ActorTrap.Node");
        Log.NodeStarting(logger, settings.Node.Name, Version, loaded.SourceDescription);

        // Registered before the start: SIGHUP's default action would end the process. One during the start is ignored.
        NodeHost? running = null;
        using var sighup = readAgain is null ? null : PosixSignalRegistration.Create(PosixSignal.SIGHUP, ctx =>
        {
            ctx.Cancel = true;
            if (Volatile.Read(ref running) is { } node)
            {
                _ = ReloadOnSignalAsync(node, logger);
            }
            else
            {
                Log.ReloadDuringStart(logger);
            }
        });

        NodeHost host;
        try
        {
            host = await NodeHost.StartAsync(settings, loggerFactory, stop,
                reload: readAgain is null ? null : new ReloadSource(loaded, readAgain)).ConfigureAwait(false);
            Volatile.Write(ref running, host);
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

    // Off the signal thread; the outcome is in the log (ConfigReload logs and counts every reload).
    private static async Task ReloadOnSignalAsync(NodeHost node, ILogger logger)
    {
        try
        {
            await node.ReloadAsync("SIGHUP", CancellationToken.None).ConfigureAwait(false);
        }
        #pragma warning disable CA1031 // a reload that fails must not take the node down; it says why
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.ReloadFailed(logger, e.GetBaseException().Message);
        }
    }

    public static string Version { get; } =
        typeof(NodeRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

}

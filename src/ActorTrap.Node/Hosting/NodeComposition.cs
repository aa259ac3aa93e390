using ActorTrap.Node.Configuration;
using ActorTrap.Node.Hosting.Actors;
using ActorTrap.Node.Metrics;
using ActorTrap.Node.Hosting.Reload;
using ActorTrap.Node.Reputation;
using ActorTrap.Node.Resolver;
using ActorTrap.Node.Resolver.Transport;
using ActorTrap.Node.Session;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Hosting;

/// <summary>
/// The node's one composition root: a Generic Host with the actor system from Akka.Hosting (<c>AddAkka</c>), the
/// services every stage shares, and <see cref="NodeStages"/>, which starts the stages in dependency order once the
/// actor system runs. Stopping the host runs Akka's coordinated shutdown, in whose phases the stages stop.
/// </summary>
internal static class NodeComposition
{
    /// <param name="publishedList">Publish this list instead of the reputation stage's (publishing specs).</param>
    /// <param name="collectedVerdicts">Where accepted UDP feed lines go instead of the reputation stage (publishing specs).</param>
    /// <param name="reload">Where a reload reads the configuration again; null when the node cannot reload (specs that start from settings).</param>
    public static IHost Build(NodeSettings settings, ILoggerFactory loggerFactory, ILocalBlacklist? publishedList, IVerdictSink? collectedVerdicts,
        ReloadSource? reload = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var services = builder.Services;
        // OpenTelemetry reads every ActorTrap meter (whenever its instruments are created) and the runtime's.
        // Each node's meters carry the node as their scope, and its provider reads only those (several nodes may share a process).
        var meters = new NodeMeters();
        services.AddSingleton(meters);
        services.AddNodeMetrics(settings, meters);
        services.AddSingleton(settings);
        services.AddSingleton(loggerFactory);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton(new NodeInputs(publishedList, collectedVerdicts));
        services.AddSingleton(_ => new ConfigReload(settings, reload, loggerFactory, meters));
        services.Configure<HostOptions>(o => o.ShutdownTimeout = Bound(settings));

        // The node's clock is its actor system's: every part that keeps time gets it from there.
        services.AddSingleton(sp => sp.GetRequiredService<ActorSystem>().Clock());
        services.AddSingleton(sp => ResolverSetup.Transport(settings.Dns, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(_ => new ResolverCounters(settings.Dnsbl));
        services.AddSingleton(new DnsblHealth());
        services.AddSingleton(sp => new DnsMetrics(sp.GetRequiredService<ResolverCounters>(), () => sp.GetRequiredService<DnsTransport>().Stats, meters));
        services.AddSingleton(sp => new ActorMetrics(sp.GetRequiredService<ActorSystem>(), meters));

        services.AddAkka(ClusterOptions.SystemName, (akka, sp) => akka
            .AddHocon(NodeActorSystem.Config(settings.Actors, settings.Cluster), HoconAddMode.Prepend)
            .AddSetup(new LoggerFactorySetup(loggerFactory))
            .StartActors(async (system, registry) =>
            {
                NodeActorSystem.WarmScheduler(system);
                DeadLetterLog.Start(system, loggerFactory);
                await Cluster.ClusterMembership.JoinAsync(system, settings.Cluster, settings.Node.Name, loggerFactory.CreateLogger("ActorTrap.Cluster"),
                    CancellationToken.None).ConfigureAwait(false);
                var props = ResolverSetup.Props(sp.GetRequiredService<DnsTransport>(), ResolverSetup.Options(settings), loggerFactory,
                    sp.GetRequiredService<ResolverCounters>(), sp.GetRequiredService<DnsblHealth>());
                registry.Register<ResolverActor>(system.ActorOf(props, ResolverSetup.ActorName));
            }));

        // After AddAkka: hosted services start in the order they were added (the actor system first) and stop in reverse.
        services.AddSingleton<NodeStages>();
        services.AddHostedService(sp => sp.GetRequiredService<NodeStages>());
        return builder.Build();
    }

    /// <summary>The whole stop, bounded in real time: every phase has its own timeout, and a few phases have work.</summary>
    public static TimeSpan Bound(NodeSettings settings) => TimeSpan.FromTicks(settings.Actors.ShutdownTimeout.Ticks * 6);
}

/// <summary>What a spec may put in place of the reputation stage's list and sink.</summary>
internal sealed record NodeInputs(ILocalBlacklist? PublishedList, IVerdictSink? CollectedVerdicts);

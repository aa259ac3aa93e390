using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Dispatch;
using Akka.Event;
using Microsoft.Extensions.Logging;
using AkkaLogLevel = Akka.Event.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace ActorTrap.Node.Hosting.Actors;

/// <summary>The node's logger factory, handed to the actor system so Akka's own log events reach the node's log.</summary>
internal sealed class LoggerFactorySetup(ILoggerFactory factory) : Setup
{
    public ILoggerFactory Factory { get; } = factory;
}

/// <summary>
/// Akka's logger (<c>akka.loggers</c>): writes Akka's log events (supervision failures, dead letters it chooses to
/// log, scheduler and shutdown messages) through the node's <see cref="ILoggerFactory"/> under the category
/// <c>Akka</c>, so they share the node's format and level filter. Without a <see cref="LoggerFactorySetup"/> they are dropped.
/// </summary>
internal sealed class AkkaLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    public AkkaLogger()
    {
        var factory = Context.System.Settings.Setup.Get<LoggerFactorySetup>();
        var logger = factory.HasValue ? factory.Value.Factory.CreateLogger("Akka") : null;
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(e =>
        {
            if (logger is not null)
            {
                var level = Level(e.LogLevel());
                if (logger.IsEnabled(level))
                {
                    // The source is an actor path and the message Akka's text; neither carries client bytes verbatim
                    // beyond what our own code put there, and our code logs client text only through LogText.
#pragma warning disable CA1848, CA2254 // Akka hands a finished message; there is no template to cache
                    logger.Log(level, e.Cause, "{Source}: {Message}", e.LogSource, e.Message?.ToString());
#pragma warning restore CA1848, CA2254
                }
            }
        });
    }

    private static LogLevel Level(AkkaLogLevel level) => level switch
    {
        AkkaLogLevel.DebugLevel => LogLevel.Debug,
        AkkaLogLevel.InfoLevel => LogLevel.Information,
        AkkaLogLevel.WarningLevel => LogLevel.Warning,
        _ => LogLevel.Error,
    };
}

using ActorTrap.Node.Listener;
using ActorTrap.Node.Logging;
using ActorTrap.Node.Resolver;
using Akka.Actor;
using Akka.Event;
using Microsoft.Extensions.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace ActorTrap.Node.Hosting.Actors;

/// <summary>
/// Logs the system's dead letters (messages to actors that had stopped) by what they are, in place of Akka's own
/// lines (<c>akka.log-dead-letters = 0</c>), category <see cref="Category"/>. A DNS answer that arrives after its
/// client left (event 2010) and a read that raced the close of its connection (event 1012) are normal in a tarpit:
/// debug. Any other is unexpected and worth a look: info (event 4050), at most <see cref="PerMinute"/> a minute with a
/// summary of the rest (event 4051). None are logged while the node stops. All are counted by <see cref="ActorEvents"/>.
/// </summary>
internal static class DeadLetterLog
{
    public const string Category = "Akka.DeadLetters";

    /// <summary>Akka's own default logs 10 dead letters, then pauses; this keeps a steady trickle instead.</summary>
    public const int PerMinute = 10;

    /// <summary>Subscribes a system actor (it outlives the user's actors) to the event stream's dead letters.</summary>
    public static IActorRef Start(ActorSystem system, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(Category);
        var listener = ((ExtendedActorSystem)system).SystemActorOf(ActorProps.Of(() => new Listener(logger)), "actortrap-dead-letter-log");
        system.EventStream.Subscribe(listener, typeof(DeadLetter));
        system.EventStream.Subscribe(listener, typeof(Dropped));
        return listener;
    }

    private sealed class Listener : UntypedActor
    {
        private readonly ILogger logger;
        private readonly LineBudget budget;
        private readonly CoordinatedShutdown shutdown;

        public Listener(ILogger logger)
        {
            this.logger = logger;
            shutdown = CoordinatedShutdown.Get(Context.System);
            budget = new LineBudget(PerMinute, TimeSpan.FromMinutes(1), Context.Clock(),
                (count, over) => Log.DeadLettersSuppressed(logger, count, Math.Round(over.TotalSeconds)));
        }

        protected override void OnReceive(object message)
        {
            var (letter, sender, recipient) = message switch
            {
                DeadLetter d => (d.Message, d.Sender, d.Recipient),
                Dropped d => (d.Message, d.Sender, d.Recipient),
                _ => (null, null, null),
            };
            if (letter is null || shutdown.ShutdownReason is not null)
            {
                return;
            }

            var to = recipient?.Path.ToStringWithoutAddress() ?? "(none)";
            switch (letter)
            {
                case DnsblReport or PtrReport or MxReport:
                    Log.LateDnsAnswer(logger, letter.GetType().Name, to);
                    break;
                case ClientData or ClientGone:
                    Log.LateConnectionEvent(logger, letter.GetType().Name, to);
                    break;
                default:
                    if (logger.IsEnabled(LogLevel.Information) && budget.TryTake())
                    {
                        // The type only: a message's content may carry a client's text.
                        Log.DeadLetter(logger, letter.GetType().FullName ?? "?", sender is null || sender.IsNobody() ? "(none)" : sender.Path.ToStringWithoutAddress(), to);
                    }

                    break;
            }
        }

        protected override void PostStop() => budget.Dispose();
    }
}

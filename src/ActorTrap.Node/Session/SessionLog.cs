using ActorTrap.Node.Configuration;
using ActorTrap.Node.Logging;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Session;

/// <summary>
/// The line per finished session (event 1010, category <c>ActorTrap.Smtp.Sessions</c>), as postscreen logs CONNECT,
/// PASS and DNSBL: client, outcome, duration, score, sins, HELO (escaped and cut, it is the client's text). At most
/// <see cref="SessionLogOptions.MaxPerSecond"/> a second; beyond it one summary (event 1011) a second says how many
/// were left out. One instance per node, shared by the session actors and hold pools (thread-safe).
/// </summary>
internal sealed class SessionLog : IDisposable
{
    /// <summary>The category of both events, so <c>actortrap.log.categories</c> can turn them up or down alone.</summary>
    public const string Category = "ActorTrap.Smtp.Sessions";

    /// <summary>HELO names are cut here: longer ones are no hostname, and the line stays one screen wide.</summary>
    public const int MaxHelo = 60;

    private readonly ILogger logger;
    private readonly SessionLogOptions options;
    private readonly LineBudget budget;

    public SessionLog(ILogger logger, SessionLogOptions options, TimeProvider clock)
    {
        this.logger = logger;
        this.options = options;
        budget = new LineBudget(options.MaxPerSecond, TimeSpan.FromSeconds(1), clock,
            (count, over) => Log.SessionLinesSuppressed(logger, options.Level, count, Math.Round(over.TotalSeconds, 3), options.MaxPerSecond));
    }

    /// <summary>Session lines left out by the rate limit since start.</summary>
    public long Suppressed => budget.TotalSuppressed;

    public void Ended(Verdict v)
    {
        if (!options.Enabled || !logger.IsEnabled(options.Level) || !budget.TryTake())
        {
            return;
        }

        Log.SessionLine(logger, options.Level, v.Client.ToString(), Listener.SmtpMetrics.Label(v.Outcome), Math.Round(v.Duration.TotalSeconds, 3),
            Math.Round(v.Score, 3), string.Join(' ', v.Sins.Select(s => s.Kind.WireName())), LogText.Escape(v.Helo, MaxHelo));
    }

    /// <summary>Writes the summary of lines still left out (at shutdown).</summary>
    public void Dispose() => budget.Dispose();
}

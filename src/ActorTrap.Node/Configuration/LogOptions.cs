using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Configuration;

/// <summary><c>actortrap.log</c>: how the node writes its log (stdout, one line per event).</summary>
/// <param name="Json">One JSON object per line instead of text (<c>format = json</c>); <c>run --log-format</c> overrides it.</param>
/// <param name="Level">Least level written (info by default: every state change, no per-message chatter).</param>
/// <param name="Categories">Per-category least levels (a category covers the ones under it), after <paramref name="Level"/>.</param>
/// <param name="Sessions">The line per finished session (event 1010).</param>
public sealed record LogOptions(bool Json, LogLevel Level, IReadOnlyList<KeyValuePair<string, LogLevel>> Categories, SessionLogOptions Sessions)
{
    public static LogOptions Default { get; } = new(false, LogLevel.Information, [], new SessionLogOptions(true, LogLevel.Information, 50));
}

/// <param name="Enabled">Log one line per finished session (<c>actortrap.log.sessions.enabled</c>).</param>
/// <param name="Level">Level of the session line and its suppression summary.</param>
/// <param name="MaxPerSecond">Session lines per second at most; the rest are counted in one summary line (event 1011) per second.</param>
public sealed record SessionLogOptions(bool Enabled, LogLevel Level, int MaxPerSecond);

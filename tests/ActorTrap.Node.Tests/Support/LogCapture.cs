using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Tests.Support;

/// <summary>A logger factory that keeps every line, for assertions on event ids.</summary>
internal sealed class LogCapture : ILoggerFactory
{
    public ConcurrentQueue<(int EventId, LogLevel Level, string Message)> Lines { get; } = new();

    /// <summary>Every line with its structured fields (what the JSON format writes under "State").</summary>
    public ConcurrentQueue<(int EventId, LogLevel Level, string Category, IReadOnlyDictionary<string, object?> Fields)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    public IReadOnlyList<string> Messages(int eventId) => Lines.Where(l => l.EventId == eventId).Select(l => l.Message).ToList();

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            owner.Lines.Enqueue((eventId.Id, logLevel, formatter(state, exception)));
            var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs ? pairs.ToDictionary(p => p.Key, p => p.Value) : [];
            owner.Entries.Enqueue((eventId.Id, logLevel, category, fields));
        }
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Actors.Tests.Support;

/// <summary>Records every log line so tests can assert on event ids and counts.</summary>
internal sealed class CapturingLoggerFactory : ILoggerFactory
{
    public ConcurrentQueue<(EventId Id, LogLevel Level, string Message)> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    public int Count(int eventId) => Lines.Count(line => line.Id.Id == eventId);

    private sealed class Logger(CapturingLoggerFactory owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => owner.Lines.Enqueue((eventId, logLevel, formatter(state, exception)));
    }
}

using Microsoft.Extensions.Logging;

namespace ActorTrap.Actors;

/// <summary>Kernel log events, ids 7000–7099 (stable: dashboards and alerts key on them).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Error, Message = "Actor {Path} ({ActorType}) failed; supervisor decides {Directive}")]
    public static partial void ActorFailed(ILogger logger, Exception exception, string path, string actorType, Directive directive);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Actor {Path} exceeded its restart budget ({MaxRetries} within {Within}); stopping it")]
    public static partial void RestartBudgetExceeded(ILogger logger, string path, int maxRetries, TimeSpan within);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Debug, Message = "Unhandled message {MessageType} in {Path} ({ActorType})")]
    public static partial void UnhandledMessage(ILogger logger, string messageType, string path, string actorType);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "Dead letter {MessageType} to {Recipient} from {Sender}: {Reason}; {Suppressed} more suppressed since the last line, {Total} in all")]
    public static partial void DeadLetter(ILogger logger, string messageType, string recipient, string sender, string reason, long suppressed, long total);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Error, Message = "{Hook} of actor {Path} threw; ignored")]
    public static partial void HookFailed(ILogger logger, Exception exception, string hook, string path);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Error, Message = "Top-level actor {Path} escalated a failure to the user guardian; stopping it")]
    public static partial void EscalatedToGuardian(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Warning, Message = "Actor system {System} did not stop within {Timeout}; some PostStop hooks may still be running")]
    public static partial void TerminateTimedOut(ILogger logger, string system, TimeSpan timeout);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Information, Message = "Actor system {System} terminated")]
    public static partial void SystemTerminated(ILogger logger, string system);

    [LoggerMessage(EventId = 7008, Level = LogLevel.Error, Message = "Supervisor strategy of {Path} threw while deciding about {Child}; escalating")]
    public static partial void DeciderFailed(ILogger logger, Exception exception, string path, string child);
}

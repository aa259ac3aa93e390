namespace ActorTrap.Actors;

/// <summary>
/// Keyed timers on the system's <see cref="TimeProvider"/>. Starting a timer with a key in use replaces it, and a message
/// of the replaced or cancelled timer is never handled, even if it is already enqueued. Timer messages arrive with
/// Sender = <see cref="ActorRef.Nobody"/>. Not thread-safe: use from the owning actor only.
/// </summary>
public interface ITimerScheduler
{
    void StartSingleTimer(object key, object message, TimeSpan delay);

    void StartPeriodicTimer(object key, object message, TimeSpan interval);

    void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval);

    bool IsTimerActive(object key);

    void Cancel(object key);

    void CancelAll();

    IReadOnlyCollection<object> ActiveTimers { get; }
}

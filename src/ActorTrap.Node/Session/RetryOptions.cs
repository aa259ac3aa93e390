namespace ActorTrap.Node.Session;

/// <summary><c>actortrap.smtp.retry</c>: when a session that follows a 451 counts as an MTA's retry (a virtue).</summary>
/// <param name="MinDelay">A return sooner than this after the 451 is a reconnect, not a queue's retry.</param>
/// <param name="MaxDelay">A return later than this is a new message (a queue gives up after its lifetime).</param>
/// <param name="MaxNetworks">Client networks (/24, /64) whose refused envelopes are remembered; the least recently used go first.</param>
public sealed record RetryOptions(TimeSpan MinDelay, TimeSpan MaxDelay, int MaxNetworks)
{
    /// <summary>Envelopes remembered per client network: a big sender's pool retries several messages at once.</summary>
    public const int EnvelopesPerNetwork = 8;

    /// <summary>The reference configuration's values (hocon/actortrap.conf explains them).</summary>
    public static RetryOptions Default { get; } = new(TimeSpan.FromMinutes(1), TimeSpan.FromDays(5), 100_000);
}

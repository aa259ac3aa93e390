namespace ActorTrap.Node.Session;

internal sealed partial class SessionActor
{
    /// <summary>
    /// The name of the current behaviour, set with each <see cref="Enter"/>: what <c>ctl sessions</c> shows, and how a
    /// session cut short in it (by the client, a timer, a limit, shutdown) ends. The behaviours hold the state.
    /// </summary>
    /// <param name="BeforeGreeting">Nothing was said to the client yet: in drop mode, cutting it short is a drop.</param>
    /// <param name="VerdictDue">After the end, the outcome of the verdict that waits for MX answers.</param>
    private sealed record Stage(string Name, bool BeforeGreeting = false, bool Over = false, SessionOutcome? VerdictDue = null)
    {
        public static readonly Stage Starting = new("starting", BeforeGreeting: true);
        public static readonly Stage ProxyHeader = new("proxyheader", BeforeGreeting: true);
        public static readonly Stage Lookup = new("lookup", BeforeGreeting: true);
        public static readonly Stage Greeting = new("greeting");
        public static readonly Stage Talking = new("talking");
        public static readonly Stage QuitWait = new("quitwait");
        public static readonly Stage Ended = new("ended", Over: true);

        public SessionOutcome CutShort(SessionMode mode) =>
            mode == SessionMode.Drop && BeforeGreeting ? SessionOutcome.Dropped : SessionOutcome.Observed;
    }

    // The session's timers, one key each; a timer restarted under its key replaces the one before.
    private sealed class ProxyTimeout
    {
        public static readonly ProxyTimeout Instance = new();
    }

    private sealed class LookupWaitOver
    {
        public static readonly LookupWaitOver Instance = new();
    }

    private sealed class GreetPauseOver
    {
        public static readonly GreetPauseOver Instance = new();
    }

    private sealed class IdleTimeout
    {
        public static readonly IdleTimeout Instance = new();
    }

    private sealed class SessionCapReached
    {
        public static readonly SessionCapReached Instance = new();
    }

    private sealed class QuitWaitOver
    {
        public static readonly QuitWaitOver Instance = new();
    }

    private sealed class MxWaitOver
    {
        public static readonly MxWaitOver Instance = new();
    }
}

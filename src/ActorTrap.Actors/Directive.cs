namespace ActorTrap.Actors;

/// <summary>A supervisor's decision about a failed child.</summary>
public enum Directive
{
    /// <summary>Keep the instance and its state; continue with the next message.</summary>
    Resume,

    /// <summary>Replace the instance (PreRestart, new instance, PostRestart); the mailbox and the ref are kept, the failing message is dropped.</summary>
    Restart,

    /// <summary>Stop the child.</summary>
    Stop,

    /// <summary>Fail the supervisor itself with the same exception, so the grandparent decides.</summary>
    Escalate,
}

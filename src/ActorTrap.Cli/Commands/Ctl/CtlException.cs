namespace ActorTrap.Cli.Commands.Ctl;

/// <summary>
/// What went wrong in one line for stderr, with the exit code: <see cref="NodeError"/> (1) when the node could not be
/// reached or refused the request, <see cref="UsageError"/> (2) when what the user typed is wrong,
/// <see cref="NotListed"/> (3) when <c>ctl delist</c> found nothing listed to remove.
/// </summary>
internal sealed class CtlException(string message, int exitCode) : Exception(message)
{
    public const int NodeError = 1;
    public const int UsageError = 2;

    /// <summary><c>ctl delist</c>: the network had no manual listing and no scored listing inside it; nothing changed.</summary>
    public const int NotListed = 3;

    public int ExitCode { get; } = exitCode;

    public static CtlException Usage(string message) => new(message, UsageError);

    public static CtlException Node(string message) => new(message, NodeError);
}

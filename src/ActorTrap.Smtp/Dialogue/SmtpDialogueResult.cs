using ActorTrap.Smtp.Replies;

namespace ActorTrap.Smtp.Dialogue;

/// <summary>The dialogue's answer to one line: the reply to send, what to record, and whether to hang up after sending.</summary>
/// <param name="Reply">Always set; already encoded (<see cref="SmtpReply.Bytes"/>).</param>
/// <param name="Command">The command the line was read as (null for an overlong line).</param>
/// <param name="Close">Close the connection once the reply is sent (221 to QUIT, 421 at a limit).</param>
public readonly record struct SmtpDialogueResult(SmtpReply Reply, SmtpEvents Events, bool Close, Commands.SmtpCommand? Command);

using ActorTrap.Smtp.Replies;

namespace ActorTrap.Smtp.Dialogue;

/// <summary>One cell of the state table: where a valid command leads, what it is answered, what it does.</summary>
internal readonly record struct Transition(SmtpDialogueState Next, SmtpReplyId Reply, TransitionEffects Effects);

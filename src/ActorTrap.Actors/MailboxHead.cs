using System.Runtime.InteropServices;

namespace ActorTrap.Actors;

/// <summary>
/// The producers' end of the MPSC queue, alone on its cache line. Every Tell swaps <see cref="Node"/>; if it shared a
/// line with the fields the consumer writes per message, the two cores would trade that line on every message
/// (measured: about 4 M msg/s through one actor with the head inside the cell).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal sealed class MailboxHead
{
    [FieldOffset(64)]
    public MessageNode Node;

    public MailboxHead(MessageNode stub) => Node = stub;
}

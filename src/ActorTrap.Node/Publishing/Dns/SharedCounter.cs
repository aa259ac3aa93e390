namespace ActorTrap.Node.Publishing.Dns;

/// <summary>A count shared by several listeners (open TCP connections over all listen addresses).</summary>
internal sealed class SharedCounter
{
    private int value;

    public int Value => Volatile.Read(ref value);

    public int Increment() => Interlocked.Increment(ref value);

    public int Decrement() => Interlocked.Decrement(ref value);
}

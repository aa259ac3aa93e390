namespace ActorTrap.Node.Configuration;

/// <summary><c>actortrap.actors</c>: the actor kernel's knobs.</summary>
/// <param name="Throughput">Messages per actor per turn before yielding the thread.</param>
/// <param name="AskTimeout">Default Ask timeout.</param>
/// <param name="ShutdownTimeout">Bound on the ordered shutdown.</param>
/// <param name="TimerSlack">How late an actor timer may fire so that timers due together fire in one batch.</param>
public sealed record ActorOptions(int Throughput, TimeSpan AskTimeout, TimeSpan ShutdownTimeout, TimeSpan TimerSlack);

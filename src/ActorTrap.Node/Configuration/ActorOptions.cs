namespace ActorTrap.Node.Configuration;

/// <summary><c>actortrap.actors</c> and the <c>akka</c> section: the actor system's knobs.</summary>
/// <param name="Throughput">Messages per actor per turn before yielding the thread (Akka's default dispatcher throughput).</param>
/// <param name="AskTimeout">Default Ask timeout.</param>
/// <param name="ShutdownTimeout">Bound on each phase of the ordered shutdown.</param>
/// <param name="AkkaHocon">The resolved <c>akka { }</c> section as HOCON text for Akka (empty when the configuration has none).</param>
public sealed record ActorOptions(int Throughput, TimeSpan AskTimeout, TimeSpan ShutdownTimeout, string AkkaHocon);

using System.Net;

namespace ActorTrap.Cli.Tests.Detection;

/// <summary>One sender the corpus runs against a node: who it is, from where, and what is expected of it.</summary>
/// <param name="Node">Which corpus node it talks to (see <see cref="DetectionCorpusSpec"/>).</param>
/// <param name="Sessions">Sessions (delivery attempts) to run at most; a spambot stops once listed.</param>
/// <param name="ListWithin">For <see cref="CorpusRole.Spambot"/>: listed after at most this many sessions.</param>
internal sealed record CorpusSituation(string Name, CorpusRole Role, string Kind, IPAddress Source, char Node, int Sessions, int ListWithin = 0);

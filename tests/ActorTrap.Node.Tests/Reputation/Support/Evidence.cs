using System.Net;
using ActorTrap.Node.Reputation.Scoring;
using ActorTrap.Node.Session;

namespace ActorTrap.Node.Tests.Reputation.Support;

/// <summary>Verdicts and deltas for tests.</summary>
internal static class Evidence
{
    public static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static EvidenceDelta Delta(string address, double score, DateTimeOffset at, params string[] reasons) =>
        new(IPAddress.Parse(address), score, at, at, 1, Scorer.NormaliseReasons(reasons, ScoringOptions.DefaultMaxReasons),
            reasons.Contains("trap-address"), false);

    public static Verdict Verdict(IPAddress client, DateTimeOffset end, string node = "test", params Sin[] sins) =>
        new(client, node, end - TimeSpan.FromSeconds(10), end, SessionMode.Observe, SessionOutcome.Observed, null, sins,
            sins.Sum(s => s.Weight), "helo.example", null, [], false, 100, 200);

    public static Verdict Verdict(string client, DateTimeOffset end, double weight = 1, SinKind kind = SinKind.NoQuit) =>
        Verdict(IPAddress.Parse(client), end, "test", new Sin(kind, weight));
}

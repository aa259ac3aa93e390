using ActorTrap.Node.Session;

namespace ActorTrap.Node.Mx;

/// <summary>
/// A session records highest-mx as a candidate (weight 0, the domain as detail); only the gate may give it its
/// weight. Score is recomputed the way the session computed it: a sum of weights, so adding or removing this sin
/// changes the score by its weight alone.
/// </summary>
internal static class HighestMxVerdicts
{
    /// <summary>The candidate's domain, when the verdict carries one.</summary>
    public static bool TryCandidate(Verdict verdict, out string domain)
    {
        foreach (var sin in verdict.Sins)
        {
            if (sin.Kind == SinKind.HighestMx)
            {
                domain = sin.Detail ?? string.Empty;
                return true;
            }
        }

        domain = string.Empty;
        return false;
    }

    /// <summary>The verdict with the candidate given its configured weight.</summary>
    public static Verdict Confirmed(Verdict verdict, double weight)
    {
        var sins = verdict.Sins.Select(s => s.Kind == SinKind.HighestMx ? s with { Weight = weight } : s).ToList();
        return verdict with { Sins = sins, Score = verdict.Score - CandidateWeight(verdict) + weight };
    }

    /// <summary>The verdict without the candidate (nothing known, or the primary was down).</summary>
    public static Verdict Without(Verdict verdict)
    {
        var sins = verdict.Sins.Where(s => s.Kind != SinKind.HighestMx).ToList();
        return verdict with { Sins = sins, Score = verdict.Score - CandidateWeight(verdict) };
    }

    private static double CandidateWeight(Verdict verdict) => verdict.Sins.Where(s => s.Kind == SinKind.HighestMx).Sum(s => s.Weight);
}

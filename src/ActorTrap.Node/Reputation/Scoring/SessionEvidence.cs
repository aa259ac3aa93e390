using ActorTrap.Node.Session;

namespace ActorTrap.Node.Reputation.Scoring;

/// <summary>
/// What one session's sins add to its client's reputation under the listing rule (issue 15): strong sins count
/// every session; a corroborated sin counts only when the same session shows another sin too; soft sins are only
/// named here (<see cref="SoftKinds"/>), since whether they count depends on the client's evidence window; virtues
/// are summed apart, because they may offset soft sins and nothing else.
/// </summary>
/// <param name="Hard">Strong and corroborated weights: the part no retry can offset.</param>
/// <param name="SoftKinds">Bit set of the soft sin kinds seen (bit = <c>1 &lt;&lt; (int)SinKind</c>).</param>
/// <param name="Virtue">Sum of the virtues' (negative) weights.</param>
/// <param name="Trap">A trap address was written to: listed at once.</param>
internal readonly record struct SessionEvidence(double Hard, int SoftKinds, double Virtue, bool Trap)
{
    public static SessionEvidence From(IReadOnlyList<Sin> sins)
    {
        ArgumentNullException.ThrowIfNull(sins);
        var kinds = 0;
        foreach (var sin in sins)
        {
            if (sin.Kind.Class() != SinClass.Virtue)
            {
                kinds |= Bit(sin.Kind);
            }
        }

        double hard = 0, virtue = 0;
        var soft = 0;
        var trap = false;
        foreach (var sin in sins)
        {
            var weight = double.IsFinite(sin.Weight) ? sin.Weight : 0;
            switch (sin.Kind.Class())
            {
                case SinClass.Strong:
                    hard += Math.Max(0, weight);
                    trap |= sin.Kind == SinKind.TrapAddress;
                    break;
                case SinClass.Corroborated when (kinds & ~Bit(sin.Kind)) != 0:
                    hard += Math.Max(0, weight);
                    break;
                case SinClass.Soft when weight > 0:
                    soft |= Bit(sin.Kind);
                    break;
                case SinClass.Virtue:
                    virtue += Math.Min(0, weight);
                    break;
            }
        }

        return new SessionEvidence(hard, soft, virtue, trap);
    }

    public static int Bit(SinKind kind) => 1 << (int)kind;

    /// <summary>The soft kinds named in <paramref name="mask"/>.</summary>
    public static IEnumerable<SinKind> Kinds(int mask) => Enum.GetValues<SinKind>().Where(k => (mask & Bit(k)) != 0);
}

using System.Text;

namespace ActorTrap.Metrics.Exposition;

/// <summary>Writes one family in the text format: <c># HELP</c>, <c># TYPE</c>, then its samples sorted by labels.</summary>
internal static class ExpositionWriter
{
    public static void Write(StringBuilder text, Family family, long generation)
    {
        var series = family.Series.Snapshot();
        if (family.IsObserved)
        {
            series.RemoveAll(s => s.Generation != generation);
        }

        series.Sort(static (a, b) => string.CompareOrdinal(a.LabelText, b.LabelText));
        text.Append("# HELP ").Append(family.Name).Append(' ');
        PrometheusNames.AppendEscapedHelp(text, family.Help);
        text.Append('\n');
        text.Append("# TYPE ").Append(family.Name).Append(' ').Append(family.Kind switch
        {
            MetricKind.Counter => "counter",
            MetricKind.Gauge => "gauge",
            _ => "histogram",
        }).Append('\n');

        foreach (var s in series)
        {
            if (family.Kind == MetricKind.Histogram)
            {
                WriteHistogram(text, family, s);
            }
            else
            {
                Sample(text, family.Name, s.LabelText, null, s.Value);
            }
        }
    }

    private static void WriteHistogram(StringBuilder text, Family family, Series s)
    {
        // Buckets are read once and summed here, so the cumulative counts never decrease and _count equals the
        // +Inf bucket even while other threads keep recording.
        var counts = s.Buckets!;
        long cumulative = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            cumulative += Volatile.Read(ref counts[i]);
            var le = i < family.Bounds.Count ? PrometheusNames.Number(family.Bounds[i]) : "+Inf";
            Sample(text, family.Name + "_bucket", s.LabelText, le, cumulative);
        }

        Sample(text, family.Name + "_sum", s.LabelText, null, s.Sum);
        Sample(text, family.Name + "_count", s.LabelText, null, cumulative);
    }

    private static void Sample(StringBuilder text, string name, string labels, string? le, double value)
    {
        text.Append(name);
        if (labels.Length > 0 || le is not null)
        {
            text.Append('{').Append(labels);
            if (le is not null)
            {
                text.Append(labels.Length > 0 ? ",le=\"" : "le=\"").Append(le).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(PrometheusNames.Number(value)).Append('\n');
    }
}

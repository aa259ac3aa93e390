using ActorTrap.Metrics.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace ActorTrap.Metrics.Tests;

public sealed class LabelEscapingProperties
{
    [Fact]
    public void Any_tag_value_survives_the_round_trip_through_the_exposition()
    {
        using var t = new TestMeter();
        var counter = t.Meter.CreateCounter<long>("prop");
        var values = Gen.Elements('a', 'Z', '0', '\\', '"', '\n', ' ', '{', '}', ',', '=', 'é', '\r', '\t')
            .ArrayOf().Select(cs => new string(cs)).Where(s => s.Length <= 64);
        var expected = new Dictionary<string, long>(StringComparer.Ordinal);

        Prop.ForAll(values.ToArbitrary(), value =>
        {
            counter.Add(1, new KeyValuePair<string, object?>("v", value));
            expected[value] = expected.GetValueOrDefault(value) + 1;
            var family = ExpositionParser.Parse(t.Collector.Render()).Family("prop_total");
            return family.Value("prop_total", ("v", value)) == expected[value];
        }).QuickCheckThrowOnFailure();
    }
}

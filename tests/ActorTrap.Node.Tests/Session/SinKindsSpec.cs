using ActorTrap.Node.Session;

namespace ActorTrap.Node.Tests.Session;

public sealed class SinKindsSpec
{
    [Fact]
    public void Every_sin_has_a_distinct_wire_name_that_parses_back()
    {
        var kinds = Enum.GetValues<SinKind>();
        Assert.Equal(kinds.Length, kinds.Select(k => k.WireName()).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        foreach (var kind in kinds)
        {
            Assert.True(SinKinds.TryParse(kind.WireName(), out var parsed));
            Assert.Equal(kind, parsed);
        }
    }

    [Fact]
    public void Unknown_wire_name_does_not_parse()
    {
        Assert.False(SinKinds.TryParse("fell-off-a-truck", out _));
    }
}

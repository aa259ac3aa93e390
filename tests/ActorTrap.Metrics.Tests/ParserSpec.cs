using ActorTrap.Metrics.Tests.Support;

namespace ActorTrap.Metrics.Tests;

/// <summary>The test's parser must itself reject what the format forbids, or the format tests prove nothing.</summary>
public sealed class ParserSpec
{
    [Theory]
    [InlineData("a 1", "must end with a line feed")]
    [InlineData("a{b=\"\\t\"} 1\n", "unknown escape")]
    [InlineData("a{b=c} 1\n", "must be quoted")]
    [InlineData("1a 1\n", "bad metric name")]
    [InlineData("a{__b=\"c\"} 1\n", "bad label name")]
    [InlineData("a 1\na 2\n", "duplicate series")]
    [InlineData("a 1\n# TYPE a counter\n", "TYPE for a")]
    [InlineData("a 1\nb 1\na{x=\"1\"} 1\n", "not contiguous")]
    [InlineData("a one\n", "bad value")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n", "cumulative")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n", "+Inf")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 1\n", "_count")]
    [InlineData("# TYPE a counter\n# TYPE a counter\na 1\n", "TYPE for a")]
    [InlineData("# TYPE a countr\na 1\n", "unknown type")]
    public void Rejects_what_the_format_forbids(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => ExpositionParser.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepts_a_well_formed_exposition_with_timestamps_and_comments()
    {
        var parsed = ExpositionParser.Parse("# a comment\n# HELP a x\n# TYPE a counter\na{b=\"1\",c=\"\\\"\",} 3 1700000000000\n");

        Assert.Equal(3, parsed.Family("a").Value("a", ("b", "1"), ("c", "\"")));
    }
}

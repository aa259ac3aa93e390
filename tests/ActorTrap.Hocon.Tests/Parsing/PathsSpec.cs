using ActorTrap.Hocon.Tests.Support;

namespace ActorTrap.Hocon.Tests.Parsing;

public sealed class PathsSpec
{
    [Theory]
    [InlineData("a.b.c = 1")]
    [InlineData("a { b { c = 1 } }")]
    [InlineData("a.b { c = 1 }")]
    [InlineData("a { b.c = 1 }")]
    [InlineData("\"a\".b.\"c\" = 1")]
    [InlineData("a.\"b\".c : 1")]
    public void Dotted_keys_expand_to_nested_objects(string text) => Conf.Same(text, "{\"a\":{\"b\":{\"c\":1}}}");

    [Fact]
    public void Quoted_segment_keeps_its_dot()
    {
        var config = Conf.Parse("\"a.b\" = 1\nx.\"y.z\".w = 2");
        Assert.Equal(1, config.GetInt("\"a.b\""));
        Assert.False(config.HasPath("a.b"));
        Assert.Equal(2, config.GetInt("x.\"y.z\".w"));
    }

    [Fact]
    public void Number_key_splits_at_its_dot() => Assert.Equal(42, Conf.Parse("3.14 : 42").GetInt("\"3\".\"14\""));

    [Theory]
    [InlineData("true : 1", "true")]
    [InlineData("null : 1", "null")]
    [InlineData("10 : 1", "10")]
    [InlineData("a-b_c : 1", "a-b_c")]
    public void Keys_are_always_strings(string text, string key) => Assert.Equal([key], Conf.Parse(text).Keys);

    [Theory]
    [InlineData("a..b = 1")]
    [InlineData(".a = 1")]
    [InlineData("a. = 1")]
    [InlineData("a.b. { }")]
    [InlineData(". = 1")]
    public void Empty_unquoted_segments_are_invalid(string text) => Conf.Fails(text);

    [Fact]
    public void Empty_quoted_segment_is_a_key()
    {
        var config = Conf.Parse("\"\" = 1\na.\"\".b = 2");
        Assert.Equal(1, config.GetInt("\"\""));
        Assert.Equal(2, config.GetInt("a.\"\".b"));
    }

    [Fact]
    public void Whitespace_between_key_pieces_is_part_of_the_key() =>
        Assert.Equal(1, Conf.Parse("a b c = 1").GetInt("\"a b c\""));

    [Fact]
    public void Include_is_an_ordinary_key_when_no_target_follows() =>
        Assert.Equal(1, Conf.Parse("include = 1").GetInt("\"include\""));

    [Fact]
    public void Getter_path_can_quote_segments() =>
        Assert.Equal("v", Conf.Parse("a { \"b.c\" { d = v } }").GetString("a.\"b.c\".d"));

    [Fact]
    public void Invalid_getter_path_is_a_hocon_exception() =>
        Assert.Throws<HoconException>(() => Conf.Parse("a = 1").GetInt("a..b"));
}

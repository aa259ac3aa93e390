using ActorTrap.Hocon.Tests.Support;

namespace ActorTrap.Hocon.Tests.Parsing;

public sealed class CommasSpec
{
    [Theory]
    [InlineData("a = 1\nb = 2")]
    [InlineData("a = 1, b = 2")]
    [InlineData("a = 1,\nb = 2")]
    [InlineData("a = 1\n\n\nb = 2\n")]
    [InlineData("a = 1, b = 2,")]
    [InlineData("{ a = 1, b = 2, }")]
    [InlineData("a = 1,\n b = 2,\n")]
    public void Newline_replaces_a_comma_and_one_trailing_comma_is_allowed(string text) => Conf.Same(text, "{\"a\":1,\"b\":2}");

    [Theory]
    [InlineData("a = [1, 2, 3]")]
    [InlineData("a = [1\n2\n3]")]
    [InlineData("a = [1, 2, 3,]")]
    [InlineData("a = [\n1,\n2,\n3,\n]")]
    [InlineData("a = [\n  1\n  2\n  3\n]")]
    [InlineData("a = [1,\n2\n,3]")]
    public void Array_elements_are_separated_by_commas_or_newlines(string text) =>
        Assert.Equal(["1", "2", "3"], Conf.Parse(text).GetStringList("a"));

    [Theory]
    [InlineData("a = [1,,2]")]
    [InlineData("a = [,1]")]
    [InlineData("a = [1,2,,]")]
    [InlineData("a = [,]")]
    [InlineData("{ , }")]
    [InlineData("{ , a = 1 }")]
    [InlineData("a = 1,, b = 2")]
    [InlineData(",a = 1")]
    [InlineData("a = 1\n,\n,b = 2")]
    [InlineData("a = { b = 1,, }")]
    public void Doubled_or_leading_commas_are_invalid(string text) => Conf.Fails(text);

    [Fact]
    public void Two_values_on_one_line_without_comma_concatenate() =>
        Assert.Equal("1 2", Conf.Parse("a = [1 2]").GetStringList("a").Single());

    [Fact]
    public void Two_fields_on_one_line_need_a_comma() => Conf.Fails("a = 1 b = 2");
}

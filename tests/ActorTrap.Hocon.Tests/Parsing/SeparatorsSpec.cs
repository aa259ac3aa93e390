using ActorTrap.Hocon.Tests.Support;

namespace ActorTrap.Hocon.Tests.Parsing;

public sealed class SeparatorsSpec
{
    [Theory]
    [InlineData("a = 1")]
    [InlineData("a : 1")]
    [InlineData("a=1")]
    [InlineData("a:1")]
    [InlineData("a\t=\t1")]
    [InlineData("\"a\" : 1")]
    public void Equals_and_colon_are_equivalent(string text) => Conf.Same(text, "{\"a\": 1}");

    [Theory]
    [InlineData("a { b = 1 }")]
    [InlineData("a{b=1}")]
    [InlineData("a = { b = 1 }")]
    [InlineData("a : { b : 1 }")]
    public void Separator_may_be_omitted_before_an_object(string text) => Conf.Same(text, "a.b = 1");

    [Fact]
    public void Separator_is_required_before_a_non_object() =>
        Assert.Contains("expected '=' or ':' after key \"a\", got '['", Conf.Fails("a [1]").Message, StringComparison.Ordinal);

    [Fact]
    public void Key_without_value_is_an_error() =>
        Assert.Contains("expected a value after '=' for key \"a\"", Conf.Fails("a =\nb = 1").Message, StringComparison.Ordinal);

    [Fact]
    public void Value_without_key_is_an_error() => Conf.Fails("= 1");
}

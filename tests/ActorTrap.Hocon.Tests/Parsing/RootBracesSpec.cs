using ActorTrap.Hocon.Tests.Support;

namespace ActorTrap.Hocon.Tests.Parsing;

public sealed class RootBracesSpec
{
    [Theory]
    [InlineData("{ a = 1 }")]
    [InlineData("a = 1")]
    [InlineData("\n\n{\n a = 1\n}\n\n")]
    [InlineData("  # c\n{ a = 1 } // trailing comment")]
    public void Root_braces_are_optional(string text) => Conf.Same(text, "a = 1");

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t\n")]
    [InlineData("{}")]
    [InlineData("{ }")]
    [InlineData("\uFEFF")]
    public void Empty_documents_are_empty_objects(string text) => Assert.Empty(Conf.Parse(text).Keys);

    [Theory]
    [InlineData("}")]
    [InlineData("a = 1 }")]
    [InlineData("a = 1\n}")]
    [InlineData("{ a = 1 } }")]
    [InlineData("{ a = 1")]
    [InlineData("{")]
    [InlineData("a { b = 1")]
    [InlineData("{ a = 1 } b = 2")]
    public void Unbalanced_braces_are_invalid(string text) => Conf.Fails(text);

    [Fact]
    public void Unbalanced_closing_brace_says_so() =>
        Assert.Equal("test.conf:2:1: unbalanced '}': no object is open here", Conf.Fails("a = 1\n}").Message);

    [Fact]
    public void Root_array_is_invalid() =>
        Assert.Contains("root of a document must be an object", Conf.Fails("[1, 2]").Message, StringComparison.Ordinal);

    [Fact]
    public void Byte_order_mark_is_whitespace() => Conf.Same("\uFEFFa = 1", "a = 1");

    [Fact]
    public void Carriage_returns_are_whitespace() => Conf.Same("a = 1\r\nb = 2\r\n", "a = 1\nb = 2");
}

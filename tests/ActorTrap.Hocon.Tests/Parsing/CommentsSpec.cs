using ActorTrap.Hocon.Tests.Support;

namespace ActorTrap.Hocon.Tests.Parsing;

public sealed class CommentsSpec
{
    [Theory]
    [InlineData("# comment\na = 1")]
    [InlineData("// comment\na = 1")]
    [InlineData("a = 1 # trailing")]
    [InlineData("a = 1 // trailing")]
    [InlineData("a = 1\n# last line without newline")]
    [InlineData("{ # inside braces\n a = 1 // x\n}")]
    [InlineData("a = 1, # after comma\n")]
    public void Comments_run_to_end_of_line(string text) => Conf.Same(text, "a = 1");

    [Fact]
    public void Hash_inside_quoted_string_is_not_a_comment() =>
        Assert.Equal("x # y", Conf.Parse("a = \"x # y\"").GetString("a"));

    [Fact]
    public void Double_slash_inside_quoted_string_is_not_a_comment() =>
        Assert.Equal("http://example.org", Conf.Parse("a = \"http://example.org\"").GetString("a"));

    [Fact]
    public void Double_slash_ends_an_unquoted_string() =>
        Assert.Equal("foo", Conf.Parse("a = foo//comment").GetString("a"));

    [Fact]
    public void Single_slash_stays_in_an_unquoted_string() =>
        Assert.Equal("a/b", Conf.Parse("a = a/b").GetString("a"));

    [Fact]
    public void Comment_in_array_is_skipped() =>
        Assert.Equal(["1", "2"], Conf.Parse("a = [\n1 # one\n// nothing\n2\n]").GetStringList("a"));

    [Fact]
    public void Document_of_only_comments_is_empty() =>
        Assert.Empty(Conf.Parse("# nothing\n// here\n").Keys);
}

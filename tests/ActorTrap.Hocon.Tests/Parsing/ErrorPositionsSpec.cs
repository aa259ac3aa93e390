using ActorTrap.Hocon.Tests.Support;

namespace ActorTrap.Hocon.Tests.Parsing;

public sealed class ErrorPositionsSpec
{
    private static string Error(string text) => Assert.Throws<HoconException>(() => HoconParser.Parse(text, "app.conf")).Message;

    [Fact]
    public void Missing_separator_names_key_and_found_character() =>
        Assert.Equal("app.conf:3:14: expected '=' or ':' after key \"foo\", got '}'", Error("a = 1\nb {\n  x = 1, foo }\n}"));

    [Theory]
    [InlineData("a = [1,,2]", 1, 8)]
    [InlineData("a = [,1]", 1, 6)]
    [InlineData("{ , }", 1, 3)]
    [InlineData("a = 1\n}", 2, 1)]
    [InlineData("x {\n  y = \"open\n}", 2, 12)]
    [InlineData("a = 1 2 = 3", 1, 9)]
    [InlineData("a = \"\\q\"", 1, 7)]
    [InlineData("a.. = 1", 1, 3)]
    [InlineData("a = {", 1, 6)]
    [InlineData("a = [1", 1, 7)]
    [InlineData("\n\n   a = @", 3, 8)]
    [InlineData("a = ${b", 1, 8)]
    [InlineData("ok = 1\n  bad", 2, 6)]
    public void Errors_point_at_the_offending_character(string text, int line, int column)
    {
        var e = Assert.Throws<HoconException>(() => HoconParser.Parse(text, "app.conf"));
        Assert.Equal(new HoconOrigin("app.conf", line, column), e.Origin);
        Assert.StartsWith($"app.conf:{line}:{column}: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void End_of_input_is_named() => Assert.EndsWith("got end of input", Error("a = [1"), StringComparison.Ordinal);

    [Fact]
    public void New_line_is_named() => Assert.Contains("got a new line", Error("a =\n1"), StringComparison.Ordinal);

    [Fact]
    public void Unclosed_object_says_where_it_opened() => Assert.Contains("opened at 2:3", Error("x = 1\na {\n b = 1"), StringComparison.Ordinal);

    [Fact]
    public void Column_counts_tabs_as_one() => Assert.StartsWith("app.conf:1:6:", Error("\ta = @"), StringComparison.Ordinal);

    [Fact]
    public void Deep_nesting_is_an_error_not_a_stack_overflow()
    {
        Assert.Contains("nested deeper", Error("a = " + new string('[', 100_000)), StringComparison.Ordinal);
        Assert.Contains("nested deeper", Error(string.Concat(Enumerable.Repeat("a {", 100_000))), StringComparison.Ordinal);
    }
}

using ActorTrap.Hocon.Tests.Support;

namespace ActorTrap.Hocon.Tests.Parsing;

public sealed class StringsSpec
{
    [Theory]
    [InlineData("a = \"x\\ny\"", "x\ny")]
    [InlineData("a = \"q\\\"q\"", "q\"q")]
    [InlineData("a = \"b\\\\s\"", "b\\s")]
    [InlineData("a = \"s\\/s\"", "s/s")]
    [InlineData("a = \"\\t\\r\\b\\f\"", "\t\r\b\f")]
    [InlineData("a = \"\\u00e9\\u0041\"", "éA")]
    [InlineData("a = \"\"", "")]
    [InlineData("a = \"  spaced  \"", "  spaced  ")]
    [InlineData("a = \"${not.a.subst}\"", "${not.a.subst}")]
    public void Quoted_strings_use_json_escapes(string text, string expected) => Assert.Equal(expected, Conf.Parse(text).GetString("a"));

    [Theory]
    [InlineData("a = \"\\x\"")]
    [InlineData("a = \"\\u12\"")]
    [InlineData("a = \"\\u12G4\"")]
    [InlineData("a = \"open")]
    [InlineData("a = \"line\nbreak\"")]
    [InlineData("a = \"ends with backslash\\")]
    public void Bad_quoted_strings_are_errors(string text) => Conf.Fails(text);

    [Theory]
    [InlineData("a = foo", "foo")]
    [InlineData("a = foo.bar", "foo.bar")]
    [InlineData("a = foo-bar_baz", "foo-bar_baz")]
    [InlineData("a = /usr/bin", "/usr/bin")]
    [InlineData("a = 10.0.0.1", "10.0.0.1")]
    [InlineData("a = 20m", "20m")]
    [InlineData("a = yes", "yes")]
    [InlineData("a = tru", "tru")]
    [InlineData("a = truefalse", "truefalse")]
    [InlineData("a = 1.2.3", "1.2.3")]
    [InlineData("a = 0x10", "0x10")]
    public void Unquoted_strings_are_strings(string text, string expected)
    {
        var config = Conf.Parse(text);
        Assert.Equal(HoconValueKind.String, config.GetValueKind("a"));
        Assert.Equal(expected, config.GetString("a"));
    }

    [Theory]
    [InlineData("a = 1", HoconValueKind.Number)]
    [InlineData("a = -1.5e3", HoconValueKind.Number)]
    [InlineData("a = 0.25", HoconValueKind.Number)]
    [InlineData("a = true", HoconValueKind.Boolean)]
    [InlineData("a = false", HoconValueKind.Boolean)]
    [InlineData("a = null", HoconValueKind.Null)]
    [InlineData("a = \"1\"", HoconValueKind.String)]
    [InlineData("a = \"true\"", HoconValueKind.String)]
    [InlineData("a = \"null\"", HoconValueKind.String)]
    [InlineData("a = 01", HoconValueKind.String)]
    public void Numbers_booleans_and_null_are_typed(string text, HoconValueKind kind) => Assert.Equal(kind, Conf.Parse(text).GetValueKind("a"));

    [Theory]
    [InlineData("a = x$y")]
    [InlineData("a = x!y")]
    [InlineData("a = x@y")]
    [InlineData("a = x*y")]
    [InlineData("a = x&y")]
    [InlineData("a = x^y")]
    [InlineData("a = x`y")]
    [InlineData("a = x?y")]
    [InlineData("a = x\\y")]
    [InlineData("a = x=y")]
    [InlineData("a = x:y")]
    [InlineData("a = x+y")]
    [InlineData("a = !")]
    public void Forbidden_characters_cannot_appear_unquoted(string text) => Conf.Fails(text);

    [Theory]
    [InlineData("a = \"\"\"raw \\n \"quoted\" text\"\"\"", "raw \\n \"quoted\" text")]
    [InlineData("a = \"\"\"line1\nline2\"\"\"", "line1\nline2")]
    [InlineData("a = \"\"\"\"x\"\"\"\"", "\"x\"")]
    [InlineData("a = \"\"\"\"\"\"", "")]
    [InlineData("a = \"\"\"x\"\"\"\"\"", "x\"\"")]
    [InlineData("a = \"\"\"${x} # not a comment\"\"\"", "${x} # not a comment")]
    public void Triple_quoted_strings_are_raw_and_may_span_lines(string text, string expected) =>
        Assert.Equal(expected, Conf.Parse(text).GetString("a"));

    [Fact]
    public void Unterminated_triple_quote_is_an_error() => Conf.Fails("a = \"\"\"never closed\"\"");

    [Fact]
    public void Unicode_spaces_are_whitespace() => Conf.Same("a\u00a0=\u2003x", "a = x");
}

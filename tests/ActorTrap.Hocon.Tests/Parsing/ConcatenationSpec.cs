using ActorTrap.Hocon.Tests.Support;

namespace ActorTrap.Hocon.Tests.Parsing;

public sealed class ConcatenationSpec
{
    [Theory]
    [InlineData("a = foo bar", "foo bar")]
    [InlineData("a = foo   bar  ", "foo   bar")]
    [InlineData("a = foo \"bar\" baz", "foo bar baz")]
    [InlineData("a = \"foo\"\"bar\"", "foobar")]
    [InlineData("a = 1 2 3", "1 2 3")]
    [InlineData("a = true false", "true false")]
    [InlineData("a = null x", "null x")]
    [InlineData("a = 20 m", "20 m")]
    [InlineData("a = 1.5 s", "1.5 s")]
    [InlineData("a = x\t y", "x\t y")]
    [InlineData("a = \"\"\"tri\"\"\" ple", "tri ple")]
    public void Simple_values_on_one_line_join_into_a_string(string text, string expected)
    {
        var config = Conf.Parse(text);
        Assert.Equal(HoconValueKind.String, config.GetValueKind("a"));
        Assert.Equal(expected, config.GetString("a"));
    }

    [Fact]
    public void Arrays_concatenate() => Conf.Same("a = [1, 2] [3] []", "a = [1, 2, 3]");

    [Fact]
    public void Objects_concatenate_by_merging() => Conf.Same("a = { x = 1, z { p = 1 } } { y = 2, z { q = 2 } }", "a { x = 1, y = 2, z { p = 1, q = 2 } }");

    [Fact]
    public void Field_with_object_concatenation_without_separator() => Conf.Same("a { x = 1 } { y = 2 }", "a { x = 1, y = 2 }");

    [Theory]
    [InlineData("a = [1] x")]
    [InlineData("a = x [1]")]
    [InlineData("a = { b = 1 } x")]
    [InlineData("a = [1] { b = 1 }")]
    [InlineData("a = 1 [2]")]
    public void Mixing_strings_arrays_and_objects_is_an_error(string text) =>
        Assert.Contains("cannot concatenate", Conf.Fails(text).Message, StringComparison.Ordinal);

    [Fact]
    public void Mixing_error_points_at_the_offending_part() =>
        Assert.StartsWith("test.conf:1:9: cannot concatenate an array with the string", Conf.Fails("a = [1] x").Message, StringComparison.Ordinal);

    [Fact]
    public void Concatenation_cannot_span_lines() => Conf.Fails("a = foo\nbar");

    [Fact]
    public void Array_of_words_is_one_string_element() => Assert.Equal(["1 2 3"], Conf.Parse("a = [1 2 3]").GetStringList("a"));

    [Fact]
    public void Quoted_concatenation_keeps_inner_whitespace_of_quoted_parts() =>
        Assert.Equal(" a   b ", Conf.Parse("a = \" a \" \" b \"").GetString("a"));
}

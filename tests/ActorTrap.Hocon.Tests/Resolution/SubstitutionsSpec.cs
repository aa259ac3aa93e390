using ActorTrap.Hocon.Tests.Support;

namespace ActorTrap.Hocon.Tests.Resolution;

public sealed class SubstitutionsSpec
{
    private static readonly Dictionary<string, string> Env = new() { ["HOME"] = "/home/trap", ["PORT"] = "2525", ["a.b"] = "dotted" };

    [Fact]
    public void Substitution_copies_a_value() => Assert.Equal(1, Conf.Parse("a = 1\nb = ${a}").GetInt("b"));

    [Fact]
    public void Substitution_looks_forward() => Assert.Equal(1, Conf.Parse("b = ${a}\na = 1").GetInt("b"));

    [Fact]
    public void Substitution_uses_the_final_merged_value() => Assert.Equal(2, Conf.Parse("a = 1\nb = ${a}\na = 2").GetInt("b"));

    [Fact]
    public void Substitution_path_is_absolute_from_the_root() =>
        Assert.Equal(42, Conf.Parse("x { y = 42 }\nz { w = ${x.y} }").GetInt("z.w"));

    [Fact]
    public void Substitution_inside_an_object_refers_to_a_sibling_by_full_path() =>
        Assert.Equal(42, Conf.Parse("bar { foo = 42, baz = ${bar.foo} }").GetInt("bar.baz"));

    [Fact]
    public void Substitution_keeps_the_type() => Assert.Equal(HoconValueKind.Boolean, Conf.Parse("a = true\nb = ${a}").GetValueKind("b"));

    [Fact]
    public void Substitution_copies_objects_and_arrays() =>
        Conf.Same("a { x = [1, 2] }\nb = ${a}", "a { x = [1, 2] }\nb { x = [1, 2] }");

    [Fact]
    public void Substitution_through_a_substitution_resolves() =>
        Assert.Equal(3, Conf.Parse("a = ${b}\nb = ${c}\nc = 3").GetInt("a"));

    [Fact]
    public void Path_through_a_substituted_object_resolves() =>
        Assert.Equal(1, Conf.Parse("a = ${b}\nb { c = 1 }\nd = ${a.c}").GetInt("d"));

    [Fact]
    public void Substitution_in_string_concatenation() =>
        Assert.Equal("http://localhost:9110/x", Conf.Parse("host = localhost\nport = 9110\nurl = \"http://\"${host}\":\"${port}/x").GetString("url"));

    [Fact]
    public void Substitution_with_spaces_in_concatenation_keeps_them() =>
        Assert.Equal("a b c", Conf.Parse("x = b\ny = a ${x} c").GetString("y"));

    [Fact]
    public void Substitution_in_array() => Conf.Same("a = 1\nb = [${a}, 2]", "a = 1\nb = [1, 2]");

    [Fact]
    public void Substitution_merges_objects_concatenated_with_it() =>
        Conf.Same("base { x = 1, y = 1 }\nc = ${base} { y = 2 }", "base { x = 1, y = 1 }\nc { x = 1, y = 2 }");

    [Fact]
    public void Object_after_a_substitution_merges_with_it() =>
        Conf.Same("base { x = 1 }\nc = ${base}\nc { y = 2 }", "base { x = 1 }\nc { x = 1, y = 2 }");

    [Fact]
    public void Substitution_after_an_object_merges_when_it_is_an_object() =>
        Conf.Same("base { x = 1 }\nc { y = 2 }\nc = ${base}", "base { x = 1 }\nc { x = 1, y = 2 }");

    [Fact]
    public void Substituted_arrays_concatenate() => Conf.Same("a = [1]\nb = ${a} [2] ${a}", "a = [1]\nb = [1, 2, 1]");

    [Fact]
    public void Undefined_substitution_is_an_error_at_its_position()
    {
        var e = Conf.Fails("a = 1\nb =  ${nope.x}");
        Assert.Equal("test.conf:2:6: ${nope.x} is not defined: no such key, and no environment variable nope.x", e.Message);
    }

    [Fact]
    public void Quoted_path_segments_in_substitutions() =>
        Assert.Equal(1, Conf.Parse("\"a.b\" { c = 1 }\nd = ${\"a.b\".c}").GetInt("d"));

    [Fact]
    public void Substitution_with_inner_whitespace_trimmed() => Assert.Equal(1, Conf.Parse("a = 1\nb = ${ a }").GetInt("b"));

    [Theory]
    [InlineData("a = ${}")]
    [InlineData("a = ${?}")]
    [InlineData("a = ${b")]
    [InlineData("a = ${b.}")]
    [InlineData("a = ${b\n}")]
    [InlineData("a = $b")]
    [InlineData("${a} = 1")]
    public void Malformed_substitutions_are_errors(string text) => Conf.Fails(text);

    [Fact]
    public void Substitution_inside_quotes_is_text() => Assert.Equal("${a}", Conf.Parse("a = 1\nb = \"${a}\"").GetString("b"));

    [Fact]
    public void Missing_key_falls_back_to_the_environment() => Assert.Equal("/home/trap", Conf.Parse("home = ${HOME}", Env).GetString("home"));

    [Fact]
    public void Environment_value_is_a_string_that_converts() => Assert.Equal(2525, Conf.Parse("port = ${PORT}", Env).GetInt("port"));

    [Fact]
    public void Config_value_wins_over_the_environment() => Assert.Equal("conf", Conf.Parse("HOME = conf\nh = ${HOME}", Env).GetString("h"));

    [Fact]
    public void Null_blocks_the_environment_fallback() =>
        Assert.Equal(HoconValueKind.Null, Conf.Parse("HOME = null\nh = ${HOME}", Env).GetValueKind("h"));

    [Fact]
    public void Dotted_path_looks_up_the_dotted_environment_name() => Assert.Equal("dotted", Conf.Parse("x = ${a.b}", Env).GetString("x"));

    [Fact]
    public void Environment_origin_names_the_variable() =>
        Assert.Equal("environment variable HOME", Conf.Parse("h = ${HOME}", Env).GetOrigin("h").ToString());

    [Fact]
    public void Process_environment_is_the_default()
    {
        var name = "ACTORTRAP_HOCON_TEST_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, "from-process");
        try
        {
            Assert.Equal("from-process", HoconConfig.Parse($"x = ${{{name}}}").GetString("x"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void Substitutions_resolve_after_all_documents_are_merged()
    {
        var config = Conf.Layer("port = 25\nlisten = \"0.0.0.0:\"${port}", "port = 2525");
        Assert.Equal("0.0.0.0:2525", config.GetString("listen"));
    }

    [Fact]
    public void Override_document_substitution_sees_reference_values() =>
        Assert.Equal(30, Conf.Layer("a { hold = 30 }", "b = ${a.hold}").GetInt("b"));
}

using ActorTrap.Hocon.Tests.Support;

namespace ActorTrap.Hocon.Tests.Resolution;

public sealed class OptionalSubstitutionsSpec
{
    private static readonly Dictionary<string, string> Env = new() { ["NAME"] = "node-7" };

    [Fact]
    public void Undefined_optional_does_not_create_the_field() => Assert.False(Conf.Parse("a = ${?NOPE}").HasPath("a"));

    [Fact]
    public void Undefined_optional_leaves_the_earlier_value() => Assert.Equal("default", Conf.Parse("a = default\na = ${?NOPE}").GetString("a"));

    [Fact]
    public void Defined_optional_replaces_the_earlier_value() => Assert.Equal("node-7", Conf.Parse("a = default\na = ${?NAME}", Env).GetString("a"));

    [Fact]
    public void Optional_reads_config_before_environment() => Assert.Equal("x", Conf.Parse("NAME = x\na = ${?NAME}", Env).GetString("a"));

    [Fact]
    public void Undefined_optional_vanishes_from_an_array() => Conf.Same("a = [1, ${?NOPE}, 2]", "a = [1, 2]");

    [Fact]
    public void Undefined_optional_is_empty_in_a_string_concatenation() =>
        Assert.Equal("prefix-", Conf.Parse("a = prefix-${?NOPE}").GetString("a"));

    [Fact]
    public void Undefined_optional_at_both_ends_of_a_concatenation_trims_the_spaces() =>
        Assert.Equal("mid", Conf.Parse("a = ${?NOPE} mid ${?NOPE2}").GetString("a"));

    [Fact]
    public void Undefined_optional_is_empty_in_an_array_concatenation() => Conf.Same("a = ${?NOPE} [1]", "a = [1]");

    [Fact]
    public void Undefined_optional_is_empty_in_an_object_concatenation() => Conf.Same("a = ${?NOPE} { x = 1 }", "a.x = 1");

    [Fact]
    public void Optional_inside_object_does_not_create_the_key() => Conf.Same("a { x = ${?NOPE}, y = 1 }", "a.y = 1");

    [Fact]
    public void Optional_referring_to_an_optional_undefined_field_is_undefined() =>
        Assert.False(Conf.Parse("a = ${?NOPE}\nb = ${?a}").HasPath("b"));

    [Fact]
    public void Required_referring_to_an_undefined_optional_field_is_an_error() => Conf.Fails("a = ${?NOPE}\nb = ${a}");

    [Fact]
    public void Optional_referring_to_itself_is_undefined() => Assert.False(Conf.Parse("a = ${?a}").HasPath("a"));

    [Fact]
    public void Reference_config_pattern_default_then_environment()
    {
        const string reference = "actortrap.node { name = \"\"\nname = ${?ACTORTRAP_NODE_NAME} }";
        var doc = HoconParser.Parse(reference, "reference.conf");
        Assert.Equal(string.Empty, HoconConfig.Load([doc], Conf.Env()).GetString("actortrap.node.name"));
        var env = new Dictionary<string, string> { ["ACTORTRAP_NODE_NAME"] = "pod-1" };
        Assert.Equal("pod-1", HoconConfig.Load([doc], Conf.Env(env)).GetString("actortrap.node.name"));
    }

    [Fact]
    public void User_file_overrides_a_default_that_has_an_environment_fallback()
    {
        var env = new Dictionary<string, string> { ["X"] = "env" };
        var config = HoconConfig.Load([HoconParser.Parse("a = def\na = ${?X}", "ref"), HoconParser.Parse("a = user", "user")], Conf.Env(env));
        Assert.Equal("user", config.GetString("a"));
    }
}

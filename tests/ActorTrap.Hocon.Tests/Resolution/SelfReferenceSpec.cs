using ActorTrap.Hocon.Tests.Support;

namespace ActorTrap.Hocon.Tests.Resolution;

public sealed class SelfReferenceSpec
{
    [Fact]
    public void Array_self_reference_appends() => Conf.Same("path = [/a]\npath = ${path} [/x]", "path = [/a, /x]");

    [Fact]
    public void String_self_reference_appends() => Assert.Equal("abc", Conf.Parse("a = a\na = ${a}bc").GetString("a"));

    [Fact]
    public void Repeated_self_references_chain() =>
        Assert.Equal("123", Conf.Parse("a = 1\na = ${a}2\na = ${a}3").GetString("a"));

    [Fact]
    public void Self_reference_into_the_earlier_object() => Assert.Equal(1, Conf.Parse("foo { a = 1 }\nfoo = ${foo.a}").GetInt("foo"));

    [Fact]
    public void Self_reference_of_a_nested_field() => Assert.Equal("1 2", Conf.Parse("a { b = 1 }\na { b = ${a.b} 2 }").GetString("a.b"));

    [Fact]
    public void Self_reference_with_dotted_key() => Conf.Same("a.b = [1]\na.b = ${a.b} [2]", "a.b = [1, 2]");

    [Fact]
    public void Self_reference_object_merge() =>
        Conf.Same("a { x = 1 }\na = ${a} { y = 2 }", "a { x = 1, y = 2 }");

    [Fact]
    public void Earlier_value_may_itself_use_forward_substitutions() =>
        Assert.Equal("1 x", Conf.Parse("a = ${b}\na = ${a} x\nb = 1").GetString("a"));

    [Fact]
    public void Self_reference_across_documents_sees_the_lower_priority_value() =>
        Conf.Same(Conf.Layer("path = [/usr/bin]", "path = ${path} [/opt/bin]").Render(), "path = [/usr/bin, /opt/bin]");

    [Fact]
    public void Self_reference_with_no_earlier_value_falls_back_to_the_environment()
    {
        var env = new Dictionary<string, string> { ["PATH"] = "/bin" };
        Assert.Equal("/bin:/x", Conf.Parse("PATH = ${PATH}\":/x\"", env).GetString("PATH"));
    }

    [Fact]
    public void Self_reference_with_no_earlier_value_is_an_error() =>
        Assert.Contains("${a} is not defined", Conf.Fails("a = ${a}").Message, StringComparison.Ordinal);

    [Fact]
    public void Object_containing_a_reference_to_itself_is_a_cycle() =>
        Assert.Contains("cycle", Conf.Fails("a = { b = ${a} }").Message, StringComparison.Ordinal);

    [Fact]
    public void Array_containing_a_reference_to_itself_is_a_cycle() =>
        Assert.Contains("cycle", Conf.Fails("a = [${a}]").Message, StringComparison.Ordinal);

    [Fact]
    public void Two_keys_referring_to_each_other_are_a_cycle()
    {
        var e = Conf.Fails("a = ${b}\nb = ${a}");
        Assert.Contains("cycle in substitutions", e.Message, StringComparison.Ordinal);
        Assert.NotNull(e.Origin);
    }

    [Fact]
    public void Three_key_cycle_is_detected() => Assert.Contains("cycle", Conf.Fails("a = ${b}\nb = ${c}\nc = ${a}").Message, StringComparison.Ordinal);

    [Fact]
    public void Cycle_through_a_concatenation_is_detected() => Assert.Contains("cycle", Conf.Fails("a = x${b}\nb = y${a}").Message, StringComparison.Ordinal);

    [Fact]
    public void Cycle_through_a_nested_path_is_detected() => Conf.Fails("a { x = ${b.y} }\nb { y = ${a.x} }");

    [Fact]
    public void Long_substitution_chain_is_an_error_not_a_stack_overflow()
    {
        var text = string.Join('\n', Enumerable.Range(0, 5000).Select(i => $"k{i} = ${{k{i + 1}}}")) + "\nk5000 = 1";
        Conf.Fails(text);
    }

    [Fact]
    public void Doubling_values_is_an_error_not_unbounded_memory()
    {
        var text = "a0 = [1, 2, 3, 4]\n" + string.Join('\n', Enumerable.Range(1, 40).Select(i => $"a{i} = ${{a{i - 1}}} ${{a{i - 1}}}"));
        Conf.Fails(text);
    }

    [Fact]
    public void Doubling_strings_is_an_error_not_unbounded_memory()
    {
        var text = "a0 = abcdefgh\n" + string.Join('\n', Enumerable.Range(1, 40).Select(i => $"a{i} = ${{a{i - 1}}}${{a{i - 1}}}"));
        Conf.Fails(text);
    }

    [Fact]
    public void Doubling_objects_is_an_error_not_unbounded_memory()
    {
        var text = "a0 { x = 1 }\n" + string.Join('\n', Enumerable.Range(1, 40).Select(i => $"a{i} {{ l = ${{a{i - 1}}}, r = ${{a{i - 1}}} }}"));
        Conf.Fails(text);
    }
}

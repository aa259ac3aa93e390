using ActorTrap.Hocon.Tests.Support;

namespace ActorTrap.Hocon.Tests.Resolution;

public sealed class PlusEqualsSpec
{
    [Fact]
    public void Plus_equals_appends_to_an_array() => Conf.Same("a = [1]\na += 2", "a = [1, 2]");

    [Fact]
    public void Plus_equals_creates_the_array_when_missing() => Conf.Same("a += 1\na += 2", "a = [1, 2]");

    [Fact]
    public void Plus_equals_appends_an_array_as_one_element() => Conf.Same("a = [1]\na += [2, 3]", "a = [1, [2, 3]]");

    [Fact]
    public void Plus_equals_inside_an_object() => Conf.Same("x { a = [1] }\nx { a += 2 }", "x.a = [1, 2]");

    [Fact]
    public void Plus_equals_with_dotted_key() => Conf.Same("x.a = [1]\nx.a += 2", "x.a = [1, 2]");

    [Fact]
    public void Plus_equals_across_documents() => Conf.Same(Conf.Layer("zones = [a]", "zones += b").Render(), "zones = [a, b]");

    [Fact]
    public void Plus_equals_on_a_non_array_is_an_error() => Conf.Fails("a = 1\na += 2");

    [Fact]
    public void Plus_equals_with_substitution() => Conf.Same("b = 5\na = [1]\na += ${b}", "b = 5\na = [1, 5]");

    [Fact]
    public void Plus_equals_needs_a_value() => Conf.Fails("a +=\n");
}

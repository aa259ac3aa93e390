using ActorTrap.Hocon.Tests.Support;

namespace ActorTrap.Hocon.Tests.Parsing;

public sealed class MergingSpec
{
    [Fact]
    public void Duplicate_key_last_wins() => Assert.Equal(2, Conf.Parse("a = 1\na = 2").GetInt("a"));

    [Fact]
    public void Objects_merge_recursively() =>
        Conf.Same("a { b = 1, c { d = 1 } }\na { c { e = 2 }, f = 3 }", "a { b = 1, c { d = 1, e = 2 }, f = 3 }");

    [Fact]
    public void Later_field_inside_merged_object_wins() => Conf.Same("a { x = 1 }\na { x = 2 }", "a.x = 2");

    [Fact]
    public void Null_in_between_blocks_the_merge() => Conf.Same("a { x = 1 }\na = null\na { y = 2 }", "a { y = 2 }");

    [Fact]
    public void Scalar_in_between_blocks_the_merge() => Conf.Same("a { x = 1 }\na = 5\na { y = 2 }", "a { y = 2 }");

    [Fact]
    public void Object_replaces_scalar() => Conf.Same("a = 5\na { y = 2 }", "a { y = 2 }");

    [Fact]
    public void Scalar_replaces_object() => Conf.Same("a { y = 2 }\na = 5", "a = 5");

    [Fact]
    public void Arrays_do_not_merge() => Conf.Same("a = [1, 2]\na = [3]", "a = [3]");

    [Fact]
    public void Dotted_keys_merge_with_objects() => Conf.Same("a.b = 1\na.c = 2\na { d = 3 }", "a { b = 1, c = 2, d = 3 }");

    [Fact]
    public void Key_order_is_first_written() => Assert.Equal(["b", "a", "c"], Conf.Parse("b = 1\na = 1\nc = 1\nb = 2").Keys);

    [Fact]
    public void Later_document_overrides_earlier() =>
        Assert.Equal("user", Conf.Layer("a { x = ref, y = ref }", "a.x = user").GetString("a.x"));

    [Fact]
    public void Later_document_merges_objects_with_earlier()
    {
        var config = Conf.Layer("a { x = ref, y = ref }", "a { x = user }");
        Assert.Equal("user", config.GetString("a.x"));
        Assert.Equal("ref", config.GetString("a.y"));
    }

    [Fact]
    public void Loading_the_same_document_twice_does_not_change_it()
    {
        var reference = HoconParser.Parse("a { x = 1 }", "ref.conf");
        var first = HoconConfig.Load([reference, HoconParser.Parse("a { y = 2 }", "u1")], Conf.Env());
        var second = HoconConfig.Load([reference, HoconParser.Parse("a { z = 3 }", "u2")], Conf.Env());
        Assert.True(first.HasPath("a.y"));
        Assert.False(second.HasPath("a.y"));
        Assert.Equal(["x", "z"], second.GetConfig("a").Keys);
    }

    [Fact]
    public void Key_origin_is_the_last_place_the_key_was_written()
    {
        var config = Conf.Layer("a {\n  x = 1\n}", "\n\n  a.x = 2");
        Assert.Equal(new HoconOrigin("layer1.conf", 3, 3), config.GetKeyOrigin("a.x"));
        Assert.Equal(new HoconOrigin("layer1.conf", 3, 9), config.GetOrigin("a.x"));
    }
}

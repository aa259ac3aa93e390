using ActorTrap.Hocon.Tests.Support;

namespace ActorTrap.Hocon.Tests;

public sealed class GettersSpec
{
    private static readonly HoconConfig Config = Conf.Parse("""
        s = text
        n = 42
        big = 9000000000
        f = 2.5
        neg = -3
        e = 1e3
        t = true
        y = yes
        off = off
        sn = "17"
        nul = null
        list = [a, 2, true]
        empty = []
        objs = [{ name = x, port = 1 }, { name = y, port = 2 }]
        numbered { "1" = b, "0" = a }
        sub { inner { v = 1 } }
        """);

    [Fact]
    public void GetString_reads_strings_numbers_and_booleans_as_written()
    {
        Assert.Equal("text", Config.GetString("s"));
        Assert.Equal("42", Config.GetString("n"));
        Assert.Equal("true", Config.GetString("t"));
    }

    [Fact]
    public void GetInt_reads_numbers_and_numeric_strings()
    {
        Assert.Equal(42, Config.GetInt("n"));
        Assert.Equal(17, Config.GetInt("sn"));
        Assert.Equal(-3, Config.GetInt("neg"));
        Assert.Equal(1000, Config.GetInt("e"));
    }

    [Fact]
    public void GetInt_rejects_values_beyond_32_bits() => Assert.Throws<HoconException>(() => Config.GetInt("big"));

    [Fact]
    public void GetInt_rejects_fractions() => Assert.Throws<HoconException>(() => Config.GetInt("f"));

    [Fact]
    public void GetLong_reads_64_bit_values() => Assert.Equal(9_000_000_000L, Config.GetLong("big"));

    [Fact]
    public void GetDouble_reads_fractions() => Assert.Equal(2.5, Config.GetDouble("f"));

    [Theory]
    [InlineData("t", true)]
    [InlineData("y", true)]
    [InlineData("off", false)]
    public void GetBoolean_accepts_true_yes_on_and_their_opposites(string path, bool expected) => Assert.Equal(expected, Config.GetBoolean(path));

    [Theory]
    [InlineData("on", true)]
    [InlineData("no", false)]
    [InlineData("false", false)]
    [InlineData("\"true\"", true)]
    public void GetBoolean_converts_strings(string value, bool expected) => Assert.Equal(expected, Conf.Parse("b = " + value).GetBoolean("b"));

    [Fact]
    public void GetBoolean_rejects_other_text() => Assert.Throws<HoconException>(() => Config.GetBoolean("s"));

    [Fact]
    public void GetInt_on_text_names_the_path_and_value()
    {
        var e = Assert.Throws<HoconException>(() => Config.GetInt("s"));
        Assert.Equal("s: expected a 32-bit integer, got \"text\" (test.conf:1:5)", e.Message);
    }

    [Fact]
    public void Null_is_not_a_string() => Assert.Contains("got null", Assert.Throws<HoconException>(() => Config.GetString("nul")).Message, StringComparison.Ordinal);

    [Fact]
    public void Object_is_not_a_string() => Assert.Contains("got an object", Assert.Throws<HoconException>(() => Config.GetString("sub")).Message, StringComparison.Ordinal);

    [Fact]
    public void Missing_path_is_an_error_naming_it() =>
        Assert.Equal("sub.nope: no such key", Assert.Throws<HoconException>(() => Config.GetString("sub.nope")).Message);

    [Fact]
    public void Path_through_a_scalar_is_missing() => Assert.False(Config.HasPath("s.x"));

    [Fact]
    public void HasPath_is_false_for_null_and_missing_and_true_otherwise()
    {
        Assert.False(Config.HasPath("nul"));
        Assert.False(Config.HasPath("nope"));
        Assert.True(Config.HasPath("sub"));
        Assert.True(Config.HasPath("sub.inner.v"));
        Assert.True(Config.HasPath("empty"));
    }

    [Fact]
    public void GetStringList_reads_scalars_as_text() => Assert.Equal(["a", "2", "true"], Config.GetStringList("list"));

    [Fact]
    public void GetStringList_of_empty_array_is_empty() => Assert.Empty(Config.GetStringList("empty"));

    [Fact]
    public void GetStringList_on_a_scalar_is_an_error() => Assert.Throws<HoconException>(() => Config.GetStringList("s"));

    [Fact]
    public void GetStringList_with_an_object_element_names_its_index() =>
        Assert.StartsWith("objs[0]: expected a string", Assert.Throws<HoconException>(() => Config.GetStringList("objs")).Message, StringComparison.Ordinal);

    [Fact]
    public void Numerically_keyed_object_reads_as_a_list() => Assert.Equal(["a", "b"], Config.GetStringList("numbered"));

    [Fact]
    public void GetObjectList_returns_configs()
    {
        var objs = Config.GetObjectList("objs");
        Assert.Equal(["x", "y"], objs.Select(o => o.GetString("name")));
        Assert.Equal(2, objs[1].GetInt("port"));
    }

    [Fact]
    public void GetConfig_returns_the_sub_object_with_relative_paths() => Assert.Equal(1, Config.GetConfig("sub").GetInt("inner.v"));

    [Fact]
    public void Errors_from_a_sub_config_name_the_full_path() =>
        Assert.StartsWith("sub.inner.v: expected a boolean", Assert.Throws<HoconException>(() => Config.GetConfig("sub").GetBoolean("inner.v")).Message, StringComparison.Ordinal);

    [Fact]
    public void GetConfig_on_a_scalar_is_an_error() => Assert.Throws<HoconException>(() => Config.GetConfig("s"));

    [Fact]
    public void Keys_lists_top_level_keys_in_order() => Assert.Equal(["inner"], Config.GetConfig("sub").Keys);

    [Fact]
    public void Leaves_enumerate_every_non_object_value_with_origins()
    {
        var leaves = Conf.Parse("a {\n  b = 1\n  c { d = [x] }\n}\ne = null").Leaves();
        Assert.Equal(["a.b", "a.c.d", "e"], leaves.Select(l => l.Path));
        Assert.Equal(new HoconLeaf("a.b", HoconValueKind.Number, "1", new HoconOrigin("test.conf", 2, 7), new HoconOrigin("test.conf", 2, 3)), leaves[0]);
        Assert.Equal(HoconValueKind.Array, leaves[1].Kind);
        Assert.Null(leaves[2].Text);
    }

    [Fact]
    public void Leaves_quote_segments_that_need_it() =>
        Assert.Equal(["\"a.b\".c", "\"x y\""], Conf.Parse("\"a.b\".c = 1\n\"x y\" = 2").Leaves().Select(l => l.Path));

    [Fact]
    public void Value_kind_is_reported() => Assert.Equal(HoconValueKind.Object, Config.GetValueKind("sub"));
}

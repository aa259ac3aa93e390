namespace ActorTrap.Hocon.Tests;

public sealed class DocumentKeysSpec
{
    [Fact]
    public void Keys_list_every_written_path_with_its_origin()
    {
        var doc = HoconParser.Parse("actortrap {\n  smtp {\n    hodl = 5s\n  }\n}\nactortrap.dns.timeout = 1s", "app.conf");
        Assert.Equal(
            [
                new HoconKey("actortrap", new HoconOrigin("app.conf", 6, 1), true),
                new HoconKey("actortrap.smtp", new HoconOrigin("app.conf", 2, 3), true),
                new HoconKey("actortrap.smtp.hodl", new HoconOrigin("app.conf", 3, 5), false),
                new HoconKey("actortrap.dns", new HoconOrigin("app.conf", 6, 1), true),
                new HoconKey("actortrap.dns.timeout", new HoconOrigin("app.conf", 6, 1), false),
            ],
            doc.Keys);
    }

    [Fact]
    public void Keys_of_a_set_override_name_the_set_origin()
    {
        var doc = HoconParser.Parse("actortrap.dns.timeout=500ms", "--set");
        Assert.Equal("--set:1:1", doc.Keys[^1].Origin.ToString());
    }

    [Fact]
    public void Keys_include_fields_whose_value_is_a_substitution()
    {
        var doc = HoconParser.Parse("a = ${b}\nc { d = ${?X} }", "x");
        Assert.Equal(["a", "c", "c.d"], doc.Keys.Select(k => k.Path));
    }

    [Fact]
    public void Typo_can_be_found_by_comparing_with_the_reference()
    {
        var reference = HoconConfig.Load([HoconParser.Parse("actortrap.smtp { hold = 20m, greet-pause = 6s }", "reference.conf")], _ => null);
        var user = HoconParser.Parse("actortrap.smtp {\n  hodl = 5s\n}", "app.conf");
        var unknown = user.Keys.Where(k => !reference.HasPath(k.Path)).Select(k => $"{k.Origin}: unknown key {k.Path}");
        Assert.Equal(["app.conf:2:3: unknown key actortrap.smtp.hodl"], unknown);
    }
}

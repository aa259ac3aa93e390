using Microsoft.Extensions.Configuration;

namespace ActorTrap.Hocon.Tests.Configuration;

public sealed class HoconConfigurationProviderSpec
{
    private static IConfigurationRoot Build(string text) =>
        new ConfigurationBuilder().AddHocon(HoconConfig.Parse(text, "app.conf", _ => null)).Build();

    [Fact]
    public void Dotted_paths_become_colon_keys() =>
        Assert.Equal("20m", Build("actortrap.smtp.hold = 20m")["actortrap:smtp:hold"]);

    [Fact]
    public void Arrays_become_indexed_keys()
    {
        var config = Build("servers = [\"127.0.0.1:53\", \"[::1]:53\"]");
        Assert.Equal("127.0.0.1:53", config["servers:0"]);
        Assert.Equal("[::1]:53", config["servers:1"]);
    }

    [Fact]
    public void Objects_in_arrays_become_indexed_sections() =>
        Assert.Equal("zen", Build("zones = [{ name = zen, weight = 2 }]")["zones:0:name"]);

    [Fact]
    public void Numbers_and_booleans_are_text_as_written()
    {
        var config = Build("a = 1.50\nb = true\nsize = 512k");
        Assert.Equal("1.50", config["a"]);
        Assert.Equal("true", config["b"]);
        Assert.Equal("512k", config["size"]);
    }

    [Fact]
    public void Null_is_a_null_value() => Assert.Null(Build("a = null")["a"]);

    [Fact]
    public void Binding_to_options_works_through_sections()
    {
        var section = Build("actortrap.dns { retries = 3, servers = [a, b] }").GetSection("actortrap:dns");
        Assert.Equal(3, section.GetValue<int>("retries"));
        Assert.Equal(["a", "b"], section.GetSection("servers").GetChildren().Select(c => c.Value));
    }

    [Fact]
    public void File_source_parses_and_resolves()
    {
        var path = Path.Combine(Path.GetTempPath(), "hocon-mec-" + Guid.NewGuid().ToString("N") + ".conf");
        File.WriteAllText(path, "a = 1\nb = ${a}\nc = ${?HOCON_MEC_X}");
        try
        {
            var config = new ConfigurationBuilder().AddHoconFile(path, n => n == "HOCON_MEC_X" ? "env" : null).Build();
            Assert.Equal("1", config["b"]);
            Assert.Equal("env", config["c"]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

using ActorTrap.Node.Configuration;

namespace ActorTrap.Node.Tests.Configuration;

/// <summary>Issue 15: the backup-MX probe keys under actortrap.smtp.mx, their defaults and their errors.</summary>
public sealed class MxSettingsSpec
{
    private static LoadedConfig Load(params string[] overrides) => NodeConfig.Load(new ConfigSources(null, overrides), _ => null);

    [Fact]
    public void Issue15_reference_defaults_probe_every_minute_with_a_5s_timeout_and_no_fixed_primaries()
    {
        var mx = Load().Settings!.Smtp.Mx;
        Assert.Empty(mx.Primaries);
        Assert.Equal(TimeSpan.FromSeconds(60), mx.ProbeInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), mx.ProbeTimeout);
        Assert.False(mx.Enabled);
    }

    [Fact]
    public void Issue15_primaries_are_host_port_with_25_by_default_and_ipv6_in_brackets()
    {
        var loaded = Load("actortrap.smtp.mx.primaries=[\"MX1.Example.org.\", \"192.0.2.1:2525\", \"[2001:db8::1]:26\"]");
        Assert.True(loaded.Settings is not null, string.Join("\n", loaded.Errors));
        Assert.Equal([new MxPrimary("mx1.example.org", 25), new MxPrimary("192.0.2.1", 2525), new MxPrimary("2001:db8::1", 26)], loaded.Settings.Smtp.Mx.Primaries);
    }

    [Theory]
    [InlineData("actortrap.smtp.mx.primaries=[\"mx1.example.org:0\"]", "actortrap.smtp.mx.primaries: \"mx1.example.org:0\": the port must be between 1 and 65535")]
    [InlineData("actortrap.smtp.mx.primaries=[\"2001:db8::1\"]", "actortrap.smtp.mx.primaries: \"2001:db8::1\": an IPv6 address must be written in brackets")]
    [InlineData("actortrap.smtp.mx.primaries=[\"bad host:25\"]", "actortrap.smtp.mx.primaries: \"bad host:25\": \"bad host\" is neither")]
    [InlineData("actortrap.smtp.mx.probe-interval=1s", "actortrap.smtp.mx.probe-interval: must be between 10s and 1h")]
    [InlineData("actortrap.smtp.mx.probe-timeout=10m", "actortrap.smtp.mx.probe-timeout: must be between 100ms and 5m")]
    [InlineData("actortrap.smtp.mx.probe-timeout=60s", "actortrap.smtp.mx.probe-timeout: must be shorter than probe-interval")]
    [InlineData("actortrap.smtp.mx.probe-intervall=60s", "actortrap.smtp.mx.probe-intervall")]
    public void Issue15_invalid_values_are_rejected_with_the_key(string assignment, string expected)
    {
        var loaded = Load(assignment);
        Assert.Null(loaded.Settings);
        Assert.Contains(expected, string.Join("\n", loaded.Errors), StringComparison.Ordinal);
    }
}

using ActorTrap.Node.Configuration;

namespace ActorTrap.Node.Tests.Configuration;

/// <summary>Issue 16: the SMTP banner's name is the configured mail host name, never a machine's or a pod's short name.</summary>
public sealed class MailHostNameSpec
{
    private static LoadedConfig Load(IReadOnlyDictionary<string, string>? env = null, params string[] overrides) =>
        NodeConfig.Load(new ConfigSources(null, overrides), name => env?.GetValueOrDefault(name));

    [Theory]
    [InlineData("vm", "mx.invalid", true)]
    [InlineData("actortrap-0", "mx.invalid", true)]
    [InlineData("localhost", "mx.invalid", true)]
    [InlineData("MX2.Example.org.", "mx2.example.org", false)]
    [InlineData("bad..name", "mx.invalid", true)]
    public void Unset_name_is_the_machine_name_only_when_it_is_fully_qualified(string machine, string expected, bool fellBack) =>
        Assert.Equal((expected, fellBack), MailHostName.Default(machine));

    [Fact]
    public void Issue16_configured_name_wins_from_the_key_or_its_environment_variable()
    {
        Assert.Equal(("mx.example.org", false), (Load(null, "actortrap.smtp.hostname=\"MX.example.org.\"").Settings!.Smtp.Hostname,
            Load(null, "actortrap.smtp.hostname=\"MX.example.org.\"").Settings!.Smtp.HostnameFellBack));
        var env = new Dictionary<string, string> { ["ACTORTRAP_SMTP_HOSTNAME"] = "trap.example.net" };
        Assert.Equal("trap.example.net", Load(env).Settings!.Smtp.Hostname);
    }

    [Fact]
    public void Issue16_unset_name_on_a_host_with_a_short_name_is_not_the_host_name()
    {
        var smtp = Load().Settings!.Smtp;
        Assert.Equal(MailHostName.Default(Environment.MachineName), (smtp.Hostname, smtp.HostnameFellBack));
        if (!Environment.MachineName.Contains('.', StringComparison.Ordinal))
        {
            Assert.Equal("mx.invalid", smtp.Hostname);
        }
    }
}

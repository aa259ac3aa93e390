namespace ActorTrap.Cli.Tests.Install;

/// <summary>
/// Issue 16: a real install puts <c>actortrap</c> on PATH. The installed command, found by name from another directory,
/// reports its version and checks configuration without the source tree or <c>dotnet run</c>.
/// </summary>
public sealed class InstallSpec(InstalledActorTrap installed) : IClassFixture<InstalledActorTrap>, IDisposable
{
    private readonly string elsewhere = Directory.CreateTempSubdirectory("actortrap-install-cwd-").FullName;

    [Fact]
    public void Issue16_install_links_the_command_into_the_bin_directory_and_says_where()
    {
        var link = new FileInfo(Path.Combine(installed.BinDirectory, "actortrap"));
        Assert.NotNull(link.LinkTarget);
        Assert.Equal(Path.Combine(installed.Prefix, "lib", "actortrap", "actortrap"), link.LinkTarget);
        Assert.Contains($"{installed.BinDirectory}/actortrap", installed.InstallOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("not on PATH", installed.InstallOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue16_installed_actortrap_on_PATH_prints_its_version()
    {
        var (code, stdout, stderr) = await installed.RunAsync(elsewhere, "--version");
        Assert.True(code == 0, stderr);
        Assert.Matches(@"^\d+\.\d+\.\d+", stdout);
    }

    [Fact]
    public async Task Issue16_installed_actortrap_checks_a_config_file_from_any_directory()
    {
        File.WriteAllText(Path.Combine(elsewhere, "site.conf"), "actortrap.smtp.hostname = \"trap.example.org\"\n");
        var (code, stdout, stderr) = await installed.RunAsync(elsewhere, "config", "check", "site.conf");
        Assert.True(code == 0, stderr);
        Assert.Contains("configuration OK", stdout, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(elsewhere, recursive: true);
}

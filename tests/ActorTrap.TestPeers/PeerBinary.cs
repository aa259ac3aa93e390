namespace ActorTrap.TestPeers;

/// <summary>Locates the peers' executables in the usual Debian places.</summary>
internal static class PeerBinary
{
    private static readonly string[] Directories = ["/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin"];

    public static string Require(string name, string debianPackage)
    {
        var fromPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries);
        foreach (var dir in fromPath.Concat(Directories))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new PeerMissingException(
            $"{name} is not installed: this test needs the real {name} (Debian package {debianPackage}). " +
            $"Run scripts/test.sh, which installs it, or: apt-get install -y {debianPackage}");
    }
}

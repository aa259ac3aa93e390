using System.Runtime.InteropServices;

namespace ActorTrap.TestPeers;

/// <summary>
/// A private temporary directory that a peer dropping privileges (rbldnsd runs as user rbldns) can still read:
/// the directory is 0755 and files are written 0644, atomically (temp file + rename) so a peer reloading never
/// sees half a file.
/// </summary>
internal sealed class PeerDirectory : IDisposable
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public PeerDirectory(string prefix)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the DNS peers run on Linux only");
        }

        Path = Directory.CreateTempSubdirectory(prefix).FullName;
        File.SetUnixFileMode(Path, DirectoryMode);
    }

    public string Path { get; }

    public static bool IsRoot => geteuid() == 0;

    public string Write(string fileName, string content)
    {
        if (fileName.Contains('/', StringComparison.Ordinal) || fileName is "." or "..")
        {
            throw new ArgumentException($"\"{fileName}\" must be a plain file name", nameof(fileName));
        }

        var target = System.IO.Path.Combine(Path, fileName);
        var temp = target + ".tmp-" + Guid.NewGuid().ToString("N");
        File.WriteAllText(temp, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, FileMode);
        }

        File.Move(temp, target, overwrite: true);
        return target;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A peer still writing here at exit; the OS temp cleaner gets it.
        }
    }

    [DllImport("libc")]
    private static extern uint geteuid();
}

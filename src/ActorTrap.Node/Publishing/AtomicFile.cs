namespace ActorTrap.Node.Publishing;

/// <summary>
/// Replaces a file so that a reader sees the old content or the new, never a mix or a partial file: write a temporary
/// file in the same directory, flush it to disk, rename it over the target (rename(2) is atomic within a file
/// system), as rbldnsd's manual asks of anything that feeds it.
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, string content)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full) ?? ".";
        var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 65536))
            {
                using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                writer.Write(content);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}

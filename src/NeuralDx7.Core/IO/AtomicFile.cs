using System.Collections.Concurrent;

namespace NeuralDx7.IO;

/// <summary>A file would have been overwritten without leave. Each front end words how to give it (--force, -Force).</summary>
public sealed class FileExistsException(string path) : IOException($"{path} already exists.")
{
    /// <summary>The path as the user gave it.</summary>
    public string Path { get; } = path;
}

/// <summary>
/// Writes files so that a reader never sees half of one: the bytes go to a temporary file in the same folder, which is
/// then renamed over the target. Existing files are kept unless overwriting is asked for. A symbolic link is written
/// through (its target is replaced, the link kept); a terminal or standard stream the user names (/dev/stdout,
/// /dev/null, /dev/fd/N) is written directly, as there is nothing to replace; a folder, any other device, a named pipe, a
/// socket and a link that loops are refused, with or without leave to overwrite: only a regular file is ever replaced.
/// </summary>
public static class AtomicFile
{
    private static readonly ConcurrentDictionary<string, byte> Unfinished = new(StringComparer.Ordinal);

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>.</summary>
    /// <exception cref="FileExistsException">The file exists and <paramref name="overwrite"/> is false.</exception>
    public static void Write(string path, ReadOnlySpan<byte> bytes, bool overwrite)
    {
        var copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy), overwrite);
    }

    /// <summary>
    /// Throws now what <see cref="Write(string, Action{Stream}, bool)"/> would throw at the end for the target itself (it
    /// exists without <paramref name="overwrite"/>, or it is a folder or a device): for commands that work long before they write.
    /// </summary>
    public static void CheckWritable(string path, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = FinalTarget(Path.GetFullPath(path));
        switch (KindOf(full))
        {
            case TargetKind.Refused:
                throw NotAFile(path, full);
            case TargetKind.File when !overwrite:
                throw new FileExistsException(path);
        }
    }

    /// <summary>Writes whatever <paramref name="write"/> puts in the stream to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<Stream> write, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = FinalTarget(Path.GetFullPath(path));
        switch (KindOf(full))
        {
            case TargetKind.Stream:
                using (var stream = new FileStream(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
                {
                    write(stream);
                }

                return;
            case TargetKind.Refused:
                throw NotAFile(path, full);
            case TargetKind.File when !overwrite:
                throw new FileExistsException(path);
        }

        string folder = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(folder);
        string temporary = Path.Combine(folder, TemporaryName(Path.GetFileName(full)));
        Unfinished[temporary] = 0;
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            // Move without overwrite fails if someone created the file meanwhile: nothing is clobbered.
            File.Move(temporary, full, overwrite);
        }
        catch (IOException) when (!overwrite && File.Exists(full))
        {
            throw new FileExistsException(path);
        }
        catch (IOException e) when (e is not FileExistsException)
        {
            // Name the file the user asked for, not the hidden temporary one.
            throw new IOException($"Cannot write {path}: {e.Message.Replace(temporary, path, StringComparison.Ordinal)}", e);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }

            Unfinished.TryRemove(temporary, out _);
        }
    }

    // ".<name>.<32 hex>.tmp", the name shortened so the whole stays within the 255 bytes a file system allows a name.
    private static string TemporaryName(string name)
    {
        const int MaxNameBytes = 255, Added = 1 + 1 + 32 + 4;
        while (System.Text.Encoding.UTF8.GetByteCount(name) > MaxNameBytes - Added)
        {
            name = name[..^(char.IsLowSurrogate(name[^1]) && name.Length > 1 ? 2 : 1)];
        }

        return $".{name}.{Guid.NewGuid():N}.tmp";
    }

    /// <summary>Removes the temporary files of writes still under way: for a process that must end before they finish.</summary>
    public static void DeleteUnfinished()
    {
        foreach (string temporary in Unfinished.Keys)
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Ending anyway: a leftover .tmp is named as ours and harmless.
            }
        }
    }

    private enum TargetKind { Missing, File, Stream, Refused }

    // Links are followed to the file they name, so a link is written through instead of replaced by a file.
    private static string FinalTarget(string path)
    {
        if (IsStreamDevice(path))
        {
            return path; // /dev/stdout and its kin are links to whatever the output is: write to them as named
        }

        try
        {
            var info = new FileInfo(path);
            return info.LinkTarget is null ? path : Path.GetFullPath(info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path);
        }
        catch (IOException)
        {
            return path; // a link loop or a dangling link: the write below reports it
        }
    }

    // Only a regular file is replaced. Where the kernel cannot be asked what a path is, device nodes are known by living
    // in /dev: the ones that take a stream of bytes are written directly, any other (a disk, a partition) is refused.
    private static TargetKind KindOf(string path) =>
        IsStreamDevice(path) ? TargetKind.Stream
        : FileTypes.Of(path) is FileType type ? type switch
        {
            FileType.Missing => TargetKind.Missing,
            FileType.Regular => TargetKind.File,
            _ => TargetKind.Refused,
        }
        : Directory.Exists(path) || path.StartsWith("/dev/", StringComparison.Ordinal) ? TargetKind.Refused
        : File.Exists(path) ? TargetKind.File
        : TargetKind.Missing;

    private static IOException NotAFile(string path, string full) =>
        new($"{path} is {(FileTypes.Of(full) is FileType type ? FileTypes.Describe(type) : "a folder or a device")}, not a file: give a file name to write to.");

    private static bool IsStreamDevice(string path) =>
        path is "/dev/null" or "/dev/stdout" or "/dev/stderr" or "/dev/tty"
        || path.StartsWith("/dev/fd/", StringComparison.Ordinal) || path.StartsWith("/proc/self/fd/", StringComparison.Ordinal)
        || path.StartsWith("/dev/pts/", StringComparison.Ordinal);
}

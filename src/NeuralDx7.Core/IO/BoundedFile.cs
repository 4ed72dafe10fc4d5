using System.Globalization;

namespace NeuralDx7.IO;

/// <summary>A file holds more than its reader takes; the message says how much it took and what the file should be.</summary>
public sealed class FileTooLargeException(string path, string problem) : IOException($"{path} {problem}")
{
    public string Path { get; } = path;

    /// <summary>What is wrong, after the path: "is over 16 MB: too large for a DX7 file".</summary>
    public string Problem { get; } = problem;
}

/// <summary>
/// The one way a whole file is read: its bytes are counted as they come, so a limit holds whatever the path names (a
/// link to a huge file, a named pipe, /dev/stdin, a file still growing), and a pipe is read once, as a stream.
/// </summary>
public static class BoundedFile
{
    private const int Chunk = 64 * 1024;

    /// <summary>The bytes of <paramref name="path"/>, refused past <paramref name="maxBytes"/> before more is read.</summary>
    /// <param name="what">What the file should be, for the message: "a DX7 file".</param>
    /// <exception cref="FileTooLargeException">It holds more than <paramref name="maxBytes"/>.</exception>
    public static byte[] ReadAllBytes(string path, long maxBytes, string what)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            throw new IOException($"{path} is a folder, not a file.");
        }

        using var stream = Open(path);
        if (stream.CanSeek && stream.Length > maxBytes)
        {
            throw TooLarge(path, stream.Length, maxBytes, what);
        }

        // Read to the end as a stream, whatever the length said: a pipe has none, and a file may grow.
        var bytes = new byte[stream.CanSeek ? Math.Max(1, stream.Length) : Chunk];
        int read = 0;
        while (true)
        {
            if (read == bytes.Length)
            {
                if (bytes.Length > maxBytes)
                {
                    throw TooLarge(path, null, maxBytes, what);
                }

                Array.Resize(ref bytes, (int)Math.Min(maxBytes + 1, Math.Max(Chunk, (long)bytes.Length * 2)));
            }

            int n = stream.Read(bytes, read, bytes.Length - read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        if (read > maxBytes)
        {
            throw TooLarge(path, null, maxBytes, what);
        }

        return read == bytes.Length ? bytes : bytes[..read];
    }

    private static FileStream Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"{path} does not exist.", path, e);
        }
    }

    // The length when the file told it; else reading stopped one byte past the limit.
    private static FileTooLargeException TooLarge(string path, long? length, long maxBytes, string what) =>
        new(path, $"is {(length is long known ? Size(known) : "more than " + Size(maxBytes))}: too large for {what} (the limit is {Size(maxBytes)})");

    private static string Size(long bytes) =>
        bytes >= 1024 * 1024 ? (bytes / (1024.0 * 1024.0)).ToString("0.# MB", CultureInfo.InvariantCulture)
        : bytes >= 1024 ? (bytes / 1024.0).ToString("0.# KB", CultureInfo.InvariantCulture)
        : bytes.ToString("0' bytes'", CultureInfo.InvariantCulture);
}

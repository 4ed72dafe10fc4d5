using System.Runtime.InteropServices;

namespace NeuralDx7.IO;

/// <summary>What a path names, links followed: .NET tells a folder from a file but not a file from a pipe or a device.</summary>
public enum FileType
{
    Missing,
    Regular,
    Directory,
    CharacterDevice,
    BlockDevice,
    NamedPipe,
    Socket,
    LinkLoop,
}

/// <summary>Asks the kernel what a path is (Linux statx, whose layout is the same on every architecture).</summary>
public static unsafe partial class FileTypes
{
    private const int CurrentDirectory = -100; // AT_FDCWD
    private const uint TypeField = 0x1; // STATX_TYPE
    private const int ModeOffset = 28; // stx_mode in struct statx
    private const int NoSuchFile = 2, NotADirectory = 20, TooManyLinks = 40; // ENOENT, ENOTDIR, ELOOP

    /// <summary>The type of what <paramref name="path"/> names, following links; null where the kernel cannot be asked (not Linux).</summary>
    public static FileType? Of(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        byte* buffer = stackalloc byte[256];
        try
        {
            if (Statx(CurrentDirectory, path, 0, TypeField, buffer) != 0)
            {
                return Marshal.GetLastPInvokeError() switch
                {
                    NoSuchFile or NotADirectory => FileType.Missing,
                    TooManyLinks => FileType.LinkLoop,
                    _ => null,
                };
            }
        }
        catch (EntryPointNotFoundException)
        {
            return null; // a C library older than statx
        }

        return (*(ushort*)(buffer + ModeOffset) & 0xF000) switch
        {
            0x8000 => FileType.Regular,
            0x4000 => FileType.Directory,
            0x2000 => FileType.CharacterDevice,
            0x6000 => FileType.BlockDevice,
            0x1000 => FileType.NamedPipe,
            0xC000 => FileType.Socket,
            _ => null,
        };
    }

    /// <summary>How a message names a type that is not a file.</summary>
    public static string Describe(FileType type) => type switch
    {
        FileType.Directory => "a folder",
        FileType.CharacterDevice or FileType.BlockDevice => "a device",
        FileType.NamedPipe => "a named pipe",
        FileType.Socket => "a socket",
        FileType.LinkLoop => "a link that loops",
        _ => "not a regular file",
    };

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, byte* buffer);
}

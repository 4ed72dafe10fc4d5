using System.Reflection;
using System.Runtime.InteropServices;

namespace NeuralDx7.Midi;

/// <summary>
/// Maps the short library names the transports import ("jack", "asound", "winmm", "coremidi", "corefoundation")
/// to each platform's file. Registered once per process: .NET allows one resolver per assembly.
/// </summary>
internal static class NativeLibraries
{
    private static readonly Lazy<bool> Registered = new(() =>
    {
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraries).Assembly, Resolve);
        return true;
    });

    public static void EnsureRegistered() => _ = Registered.Value;

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        string[] candidates = name switch
        {
            "jack" when OperatingSystem.IsWindows() => ["libjack64.dll", "libjack.dll"],
            "jack" when OperatingSystem.IsMacOS() => ["libjack.0.dylib", "/usr/local/lib/libjack.0.dylib", "/opt/homebrew/lib/libjack.0.dylib"],
            "jack" => ["libjack.so.0", "libjack.so"],
            "asound" => ["libasound.so.2", "libasound.so"],
            "coremidi" => ["/System/Library/Frameworks/CoreMIDI.framework/CoreMIDI"],
            "corefoundation" => ["/System/Library/Frameworks/CoreFoundation.framework/CoreFoundation"],
            _ => [name],
        };

        foreach (string candidate in candidates)
        {
            if (NativeLibrary.TryLoad(candidate, assembly, path, out nint handle))
            {
                return handle;
            }
        }

        return 0; // the default probing then reports a DllNotFoundException naming the library
    }
}

using NeuralDx7.Midi.Transports;

namespace NeuralDx7.Midi;

/// <summary>The transports by name, and each platform's default.</summary>
public static class MidiTransports
{
    public static IReadOnlyList<string> Names { get; } = ["jack", "alsa", "winmm", "coremidi", "file"];

    /// <summary>
    /// The named transport, or the platform's: WinMM on Windows, CoreMIDI on macOS, and on Linux JACK when a
    /// JACK server answers, else the ALSA sequencer.
    /// </summary>
    public static IMidiTransport Get(string? name, bool overwriteFiles = false) => new NamedPortsOnly(Open(name, overwriteFiles));

    private static IMidiTransport Open(string? name, bool overwriteFiles) => (name?.ToLowerInvariant()) switch
    {
        "jack" => new JackTransport(),
        "alsa" => OperatingSystem.IsLinux() ? new AlsaSequencerTransport() : throw Unsupported("The ALSA sequencer is Linux only"),
        "winmm" => OperatingSystem.IsWindows() ? new WinMmTransport() : throw Unsupported("WinMM is Windows only"),
        "coremidi" => OperatingSystem.IsMacOS() ? new CoreMidiTransport() : throw Unsupported("CoreMIDI is macOS only"),
        "file" => new FileTransport(overwriteFiles),
        null => Default(),
        _ => throw new ArgumentException($"'{name}' is not a MIDI transport; choose one of {string.Join(", ", Names)}."),
    };

    private static MidiPortException Unsupported(string what) => new($"{what}; on this system use jack or file.");

    private static IMidiTransport Default()
    {
        if (OperatingSystem.IsWindows())
        {
            return new WinMmTransport();
        }

        if (OperatingSystem.IsMacOS())
        {
            return new CoreMidiTransport();
        }

        try
        {
            var jack = new JackTransport();
            jack.ListPorts();
            return jack;
        }
        catch (MidiPortException)
        {
            return new AlsaSequencerTransport();
        }
    }

    // Every transport, every front end: a blank port name is refused before anything is opened (it would match every
    // port by its part, or name a file of spaces).
    private sealed class NamedPortsOnly(IMidiTransport inner) : IMidiTransport
    {
        public string Name => inner.Name;

        public IReadOnlyList<MidiPort> ListPorts() => inner.ListPorts();

        public IMidiOutput OpenOutput(string port) => inner.OpenOutput(Named(port));

        public IMidiInput OpenInput(string port) => inner.OpenInput(Named(port));

        private static string Named(string port) => string.IsNullOrWhiteSpace(port)
            ? throw new InvalidRequestException("Port", "must name a port (or part of its name); an empty name matches every port.")
            : port;
    }
}

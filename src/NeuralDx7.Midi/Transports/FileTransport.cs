using NeuralDx7.Codec;
using NeuralDx7.IO;

namespace NeuralDx7.Midi.Transports;

/// <summary>
/// A dry run: "sending" writes the messages to a file, .syx (raw sysex, back to back) or .mid (a Standard MIDI
/// File), written atomically when the output closes. The port name is the file's path.
/// </summary>
public sealed class FileTransport(bool overwrite = false) : IMidiTransport
{
    public string Name => "file";

    public IReadOnlyList<MidiPort> ListPorts() => [];

    public IMidiOutput OpenOutput(string port)
    {
        ArgumentNullException.ThrowIfNull(port);
        if (!overwrite && File.Exists(port))
        {
            throw new FileExistsException(port);
        }

        return new FileOutput(port, overwrite);
    }

    public IMidiInput OpenInput(string port) => throw new NotSupportedException("The file transport only writes; it has nothing to receive from.");

    private sealed class FileOutput(string path, bool overwrite) : IMidiOutput
    {
        private readonly List<byte[]> _messages = [];
        private readonly MessageAssembler _assembler = new();
        private bool _disposed;

        public string Destination => path;

        // Chunks (paced sending hands sysex over in pieces) are joined back into whole messages.
        public void Send(ReadOnlySpan<byte> message) => _messages.AddRange(_assembler.Add(message));

        public void Flush(CancellationToken cancellation = default)
        {
        }

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            byte[] bytes = Path.GetExtension(path).Equals(".mid", StringComparison.OrdinalIgnoreCase) || Path.GetExtension(path).Equals(".midi", StringComparison.OrdinalIgnoreCase)
                ? StandardMidiFile.Write(_messages)
                : [.. _messages.SelectMany(m => m)];
            AtomicFile.Write(path, bytes, overwrite);
        }
    }
}

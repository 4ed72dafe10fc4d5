namespace NeuralDx7.Midi;

/// <summary>Which way MIDI flows through a port, from our side.</summary>
public enum MidiDirection
{
    /// <summary>A port we send to: a synth's input.</summary>
    Destination,
    /// <summary>A port we receive from: a controller's output.</summary>
    Source,
}

/// <summary>A port another program or device offers.</summary>
public sealed record MidiPort(string Name, MidiDirection Direction, string Transport)
{
    public override string ToString() => $"{Name} ({Transport} {Direction.ToString().ToLowerInvariant()})";
}

/// <summary>A connection we send MIDI messages through.</summary>
public interface IMidiOutput : IDisposable
{
    /// <summary>The port this output is connected to.</summary>
    string Destination { get; }

    /// <summary>Queues one complete MIDI message (a sysex message from F0 to F7, or a short message).</summary>
    void Send(ReadOnlySpan<byte> message);

    /// <summary>Waits until everything queued has left this process.</summary>
    void Flush(CancellationToken cancellation = default);
}

/// <summary>A connection we receive MIDI messages from.</summary>
public interface IMidiInput : IDisposable
{
    /// <summary>The port this input is connected to.</summary>
    string Source { get; }

    /// <summary>Waits for the next complete message (sysex chunks already joined).</summary>
    bool TryReceive(out byte[] message, TimeSpan timeout, CancellationToken cancellation = default);
}

/// <summary>A MIDI system: lists ports and opens connections to them by name.</summary>
public interface IMidiTransport
{
    /// <summary>jack, alsa, winmm, coremidi or file.</summary>
    string Name { get; }

    IReadOnlyList<MidiPort> ListPorts();

    /// <summary>Opens an output connected to <paramref name="port"/> (chosen with <see cref="PortSelector"/>).</summary>
    IMidiOutput OpenOutput(string port);

    /// <summary>Opens an input connected to <paramref name="port"/>.</summary>
    IMidiInput OpenInput(string port);
}

/// <summary>A port could not be chosen or opened; the message lists what there is.</summary>
public sealed class MidiPortException(string message) : Exception(message);

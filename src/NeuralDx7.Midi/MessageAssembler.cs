namespace NeuralDx7.Midi;

/// <summary>
/// Turns what a MIDI input delivers (events that may split a sysex message into chunks, as JACK and the ALSA
/// sequencer do) into complete messages: sysex from F0 to F7, and short channel messages.
/// Bounded: a sysex message that grows past the limit without an F7 is dropped.
/// </summary>
public sealed class MessageAssembler(int maxSysexBytes = 1 << 20)
{
    private readonly List<byte> _sysex = [];
    private bool _inSysex;

    /// <summary>Feeds one delivered chunk; returns the messages it completes.</summary>
    public IReadOnlyList<byte[]> Add(ReadOnlySpan<byte> chunk)
    {
        var complete = new List<byte[]>();
        int i = 0;
        while (i < chunk.Length)
        {
            byte b = chunk[i];
            if (_inSysex)
            {
                if (b == 0xF7)
                {
                    _sysex.Add(b);
                    complete.Add([.. _sysex]);
                    _sysex.Clear();
                    _inSysex = false;
                }
                else if (b >= 0xF8)
                {
                    complete.Add([b]); // real-time bytes may interleave
                }
                else if (b >= 0x80)
                {
                    _sysex.Clear(); // a status byte ends an unterminated sysex: drop it
                    _inSysex = false;
                    continue;
                }
                else if (_sysex.Count < maxSysexBytes)
                {
                    _sysex.Add(b);
                }
                else
                {
                    _sysex.Clear();
                    _inSysex = false;
                }

                i++;
                continue;
            }

            if (b == 0xF0)
            {
                _inSysex = true;
                _sysex.Clear();
                _sysex.Add(b);
                i++;
                continue;
            }

            int length = ShortMessageLength(b);
            if (length == 0 || i + length > chunk.Length)
            {
                i++; // a data byte without a status, or a message cut short: skip it
                continue;
            }

            complete.Add(chunk.Slice(i, length).ToArray());
            i += length;
        }

        return complete;
    }

    /// <summary>Bytes of a short message from its status byte; 0 when not a status byte we pass on.</summary>
    public static int ShortMessageLength(byte status) => status switch
    {
        >= 0x80 and < 0xC0 => 3, // note off/on, polyphonic pressure, control change
        >= 0xC0 and < 0xE0 => 2, // program change, channel pressure
        >= 0xE0 and < 0xF0 => 3, // pitch bend
        0xF1 or 0xF3 => 2,
        0xF2 => 3,
        >= 0xF6 => 1,
        _ => 0,
    };

    /// <summary>A control change message: (channel 1-16, controller, value), or null.</summary>
    public static (int Channel, int Controller, int Value)? ControlChange(ReadOnlySpan<byte> message) =>
        message.Length == 3 && (message[0] & 0xF0) == 0xB0 ? ((message[0] & 0x0F) + 1, message[1], message[2]) : null;

    /// <summary>A control change message for a channel (1-16).</summary>
    public static byte[] ControlChangeMessage(int channel, int controller, int value) =>
        [(byte)(0xB0 | ((channel - 1) & 0x0F)), (byte)(controller & 0x7F), (byte)(value & 0x7F)];
}

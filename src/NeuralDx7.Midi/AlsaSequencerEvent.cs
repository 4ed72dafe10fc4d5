using System.Runtime.InteropServices;

namespace NeuralDx7.Midi;

/// <summary>
/// ALSA's snd_seq_event_t (alsa/seq_event.h), 28 bytes: the one declaration of it, for the sequencer transport and for
/// the hexter host (DSSI plugins take their notes as these, with the frame offset in time.tick).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 28)]
public struct AlsaSequencerEvent
{
    public const byte NoteOn = 6;        // SND_SEQ_EVENT_NOTEON
    public const byte NoteOff = 7;       // SND_SEQ_EVENT_NOTEOFF
    public const byte Controller = 10;   // SND_SEQ_EVENT_CONTROLLER
    public const byte Sysex = 130;       // SND_SEQ_EVENT_SYSEX
    public const byte LengthVariable = 1 << 2; // SND_SEQ_EVENT_LENGTH_VARIABLE

    [FieldOffset(0)] public byte Type;
    [FieldOffset(1)] public byte Flags;
    [FieldOffset(2)] public byte Tag;
    [FieldOffset(3)] public byte Queue;
    [FieldOffset(4)] public ulong Time;              // time.tick in its low 32 bits, or time.time {sec, nsec}
    [FieldOffset(12)] public byte SourceClient;
    [FieldOffset(13)] public byte SourcePort;
    [FieldOffset(14)] public byte DestinationClient;
    [FieldOffset(15)] public byte DestinationPort;
    [FieldOffset(16)] public uint ExternalLength;    // data.ext.len
    [FieldOffset(20)] public nint ExternalData;      // data.ext.ptr (packed, unaligned)
    [FieldOffset(16)] public byte ControlChannel;    // data.control.channel
    [FieldOffset(20)] public uint ControlParameter;  // data.control.param
    [FieldOffset(24)] public int ControlValue;       // data.control.value
    [FieldOffset(16)] public byte NoteChannel;       // data.note.channel
    [FieldOffset(17)] public byte NoteKey;           // data.note.note
    [FieldOffset(18)] public byte NoteVelocity;      // data.note.velocity

    /// <summary>A note on or off at <paramref name="tick"/> (a DSSI plugin reads it as the frame within the block).</summary>
    public static AlsaSequencerEvent Note(byte type, int tick, int key, int velocity) =>
        new() { Type = type, Time = (uint)tick, NoteChannel = 0, NoteKey = (byte)key, NoteVelocity = (byte)velocity };
}

using System.Globalization;
using NeuralDx7.Validation;
using NeuralDx7.Voice;

namespace NeuralDx7.Codec;

/// <summary>The file formats voices can be written in.</summary>
public enum Dx7FileFormat
{
    /// <summary>32-voice bulk dumps (4104 bytes each), the usual .syx cartridge.</summary>
    Bulk,
    /// <summary>Single-voice messages (163 bytes each), one per voice, back to back.</summary>
    Single,
    /// <summary>A Standard MIDI File holding the bulk dumps, for sequencers and players.</summary>
    Smf,
}

/// <summary>
/// Encodes voices as DX7 system exclusive messages, faithfully: values are written as they are, even
/// out of range (the factory ROMs hold a few), but a voice that cannot be encoded without loss is refused.
/// </summary>
public static class Dx7Writer
{
    /// <summary>A single-voice (VCED) message: loads into the synth's edit buffer.</summary>
    public static byte[] SingleVoice(Dx7Voice voice, int channel = 1)
    {
        ArgumentNullException.ThrowIfNull(voice);
        var message = new byte[Sysex.SingleVoiceLength];
        WriteHeader(message, channel, Sysex.SingleVoiceFormat, 0x01, 0x1B);
        var data = message.AsSpan(Sysex.HeaderLength, Sysex.SingleVoiceDataLength);
        voice.Parameters.CopyTo(data);
        message[^2] = Sysex.Checksum(data);
        message[^1] = Sysex.End;
        return message;
    }

    /// <summary>A 32-voice bulk dump (VMEM) of a cartridge.</summary>
    public static byte[] BulkDump(Dx7Cartridge cartridge, int channel = 1)
    {
        ArgumentNullException.ThrowIfNull(cartridge);
        var message = new byte[Sysex.BulkLength];
        WriteHeader(message, channel, Sysex.BulkFormat, 0x20, 0x00);
        var data = message.AsSpan(Sysex.HeaderLength, Sysex.BulkDataLength);
        for (int i = 0; i < Dx7Cartridge.VoiceCount; i++)
        {
            var voice = cartridge.Voices[i];
            EnsurePackable(voice, i);
            PackedVoice.Pack(voice, data.Slice(i * PackedVoice.Size, PackedVoice.Size));
        }

        message[^2] = Sysex.Checksum(data);
        message[^1] = Sysex.End;
        return message;
    }

    /// <summary>The bytes of a whole file: 32 voices per bulk dump (padded), one message per voice, or an SMF.</summary>
    public static byte[] Encode(IReadOnlyList<Dx7Voice> voices, Dx7FileFormat format, int channel = 1)
    {
        ArgumentNullException.ThrowIfNull(voices);
        Sysex.ChannelNibble(channel);
        for (int i = 0; format != Dx7FileFormat.Single && i < voices.Count; i++)
        {
            EnsurePackable(voices[i], i); // numbered across the whole file, not per cartridge
        }

        List<byte[]> messages = format == Dx7FileFormat.Single
            ? voices.Select(v => SingleVoice(v, channel)).ToList()
            : Dx7Cartridge.Split(voices).Select(c => BulkDump(c, channel)).ToList();

        return format == Dx7FileFormat.Smf ? StandardMidiFile.Write(messages) : [.. messages.SelectMany(m => m)];
    }

    private static void EnsurePackable(Dx7Voice voice, int index)
    {
        if (PackedVoice.FindUnpackable(voice) is { } parameter)
        {
            throw new InvalidVoiceException(index, voice, string.Create(CultureInfo.InvariantCulture,
                $"{parameter.Name} = {voice[parameter]} does not fit a bulk dump's bit field (valid: {parameter.Min}-{parameter.Max}). Repair it (clamp) or write single-voice messages."));
        }
    }

    private static void WriteHeader(Span<byte> message, int channel, byte format, byte countHigh, byte countLow)
    {
        message[0] = Sysex.Start;
        message[1] = Sysex.Yamaha;
        message[2] = Sysex.ChannelNibble(channel);
        message[3] = format;
        message[4] = countHigh;
        message[5] = countLow;
    }
}

namespace NeuralDx7.Codec;

/// <summary>Constants and checksums of the DX7's system exclusive messages.</summary>
public static class Sysex
{
    public const byte Start = 0xF0;
    public const byte End = 0xF7;
    public const byte Yamaha = 0x43;

    /// <summary>Format number of a single voice (VCED).</summary>
    public const byte SingleVoiceFormat = 0x00;

    /// <summary>Format number of a 32-voice bulk dump (VMEM).</summary>
    public const byte BulkFormat = 0x09;

    public const int HeaderLength = 6;
    public const int SingleVoiceDataLength = 155;
    public const int SingleVoiceLength = HeaderLength + SingleVoiceDataLength + 2;
    public const int BulkDataLength = 4096;
    public const int BulkLength = HeaderLength + BulkDataLength + 2;

    /// <summary>Low 7 bits of the two's complement of the sum of the data bytes.</summary>
    public static byte Checksum(ReadOnlySpan<byte> data)
    {
        int sum = 0;
        foreach (byte b in data)
        {
            sum += b;
        }

        return (byte)(-sum & 0x7F);
    }

    /// <summary>The status byte of a MIDI channel (1-16), as the low nibble of a header byte.</summary>
    internal static byte ChannelNibble(int channel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channel, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channel, 16);
        return (byte)(channel - 1);
    }

    /// <summary>Says what a sysex message is when it is not DX7 voice data, from its first bytes.</summary>
    internal static string Describe(ReadOnlySpan<byte> message)
    {
        if (message.Length < 2)
        {
            return "an empty system exclusive message";
        }

        byte manufacturer = message[1];
        if (manufacturer is 0x7E or 0x7F)
        {
            return manufacturer == 0x7E ? "a universal non-real-time message" : "a universal real-time message";
        }

        if (manufacturer != Yamaha)
        {
            return $"a message for manufacturer ID 0x{manufacturer:X2}, not Yamaha";
        }

        if (message.Length < 4)
        {
            return "a Yamaha message too short to identify";
        }

        int substatus = message[2] >> 4;
        byte format = message[3];
        return substatus switch
        {
            1 => "a parameter change",
            2 => "a dump request",
            0 => format switch
            {
                0x00 => "a single-voice message of the wrong length",
                0x03 => "a 4-operator single voice (DX21/DX27/DX100/TX81Z)",
                0x04 => "a 4-operator voice bank (DX21/DX27/DX100/TX81Z)",
                0x05 => "a DX7II/TX802 voice supplement (ACED)",
                0x06 => "a DX7II/TX802 supplement bank (AMEM)",
                0x7E => "a universal bulk dump (DX7II/TX802/TX81Z extended data)",
                _ => $"Yamaha format {format}, not a DX7 voice format",
            },
            _ => $"a Yamaha message with sub-status 0x{message[2]:X2}",
        };
    }
}

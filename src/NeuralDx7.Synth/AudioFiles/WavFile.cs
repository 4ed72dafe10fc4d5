using System.Buffers.Binary;
using NeuralDx7.IO;

namespace NeuralDx7.Synth;

/// <summary>16-bit PCM mono WAV files: what every player, DAW and browser opens.</summary>
public static class WavFile
{
    private const int HeaderBytes = 44;

    /// <summary>Writes samples in [-1, 1] (clipped beyond) atomically; an existing file is kept unless <paramref name="overwrite"/>.</summary>
    public static void Write(string path, ReadOnlySpan<float> samples, int sampleRate, bool overwrite) =>
        AtomicFile.Write(path, Encode(samples, sampleRate), overwrite);

    /// <summary>The bytes of a WAV file holding <paramref name="samples"/>.</summary>
    public static byte[] Encode(ReadOnlySpan<float> samples, int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        long dataBytes = 2L * samples.Length;
        if (dataBytes > uint.MaxValue - HeaderBytes)
        {
            throw new ArgumentException("Too many samples for one WAV file (4 GB).", nameof(samples));
        }

        var bytes = new byte[HeaderBytes + dataBytes];
        var span = bytes.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)(bytes.Length - 8));
        "WAVE"u8.CopyTo(span[8..]);
        "fmt "u8.CopyTo(span[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(span[20..], 1); // PCM
        BinaryPrimitives.WriteUInt16LittleEndian(span[22..], 1); // mono
        BinaryPrimitives.WriteUInt32LittleEndian(span[24..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(span[28..], (uint)sampleRate * 2);
        BinaryPrimitives.WriteUInt16LittleEndian(span[32..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(span[34..], 16);
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[40..], (uint)dataBytes);
        var data = span[HeaderBytes..];
        for (int i = 0; i < samples.Length; i++)
        {
            float x = float.IsNaN(samples[i]) ? 0 : Math.Clamp(samples[i], -1f, 1f);
            BinaryPrimitives.WriteInt16LittleEndian(data[(2 * i)..], (short)MathF.Round(x * 32767f));
        }

        return bytes;
    }

    /// <summary>Reads a 16-bit PCM mono WAV file as this class writes it.</summary>
    public static (float[] Samples, int SampleRate) Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderBytes || !bytes[..4].SequenceEqual("RIFF"u8) || !bytes[8..12].SequenceEqual("WAVE"u8)
            || !bytes[12..16].SequenceEqual("fmt "u8) || BinaryPrimitives.ReadUInt16LittleEndian(bytes[20..]) != 1
            || BinaryPrimitives.ReadUInt16LittleEndian(bytes[22..]) != 1 || BinaryPrimitives.ReadUInt16LittleEndian(bytes[34..]) != 16
            || !bytes[36..40].SequenceEqual("data"u8))
        {
            throw new InvalidDataException("Not a 16-bit mono PCM WAV file with a plain 44-byte header.");
        }

        int sampleRate = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes[24..]);
        long dataBytes = BinaryPrimitives.ReadUInt32LittleEndian(bytes[40..]);
        if (dataBytes > bytes.Length - HeaderBytes || dataBytes % 2 != 0)
        {
            throw new InvalidDataException($"The WAV data chunk claims {dataBytes} bytes; the file holds {bytes.Length - HeaderBytes}.");
        }

        var samples = new float[dataBytes / 2];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes[(HeaderBytes + (2 * i))..]) / 32767f;
        }

        return (samples, sampleRate);
    }
}

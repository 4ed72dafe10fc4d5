using System.Buffers.Binary;

namespace NeuralDx7.Synth;

/// <summary>
/// A recording read from a WAV file, mixed to mono: 8/16/24/32-bit integer or 32/64-bit float PCM (plain or
/// WAVE_FORMAT_EXTENSIBLE), any channel count up to 8, rates 8-192 kHz. Chunks are walked by their sizes, each
/// checked against the file's, and anything that is not a WAV is refused with a reason.
/// </summary>
public sealed record Recording(float[] Samples, int SampleRate, int Channels, int BitsPerSample, bool Float)
{
    /// <summary>Larger files are refused unread: a note is a few seconds, a few megabytes.</summary>
    public const long MaxFileBytes = 512L * 1024 * 1024;

    public double Seconds => (double)Samples.Length / SampleRate;

    /// <summary>Reads and decodes a WAV file; one longer than <paramref name="maxSeconds"/> is refused before it is decoded.</summary>
    public static Recording Read(string path, double maxSeconds = double.PositiveInfinity)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} does not exist.", path);
        }

        byte[] bytes = IO.BoundedFile.ReadAllBytes(path, MaxFileBytes, "a recording of one note");
        try
        {
            return Decode(bytes, maxSeconds);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    public static Recording Decode(ReadOnlySpan<byte> bytes, double maxSeconds = double.PositiveInfinity)
    {
        if (bytes.Length < 12 || !bytes[..4].SequenceEqual("RIFF"u8) || !bytes[8..12].SequenceEqual("WAVE"u8))
        {
            throw new InvalidDataException("not a WAV file (no RIFF/WAVE header).");
        }

        int format = 0, channels = 0, rate = 0, bits = 0, blockAlign = 0;
        ReadOnlySpan<byte> data = default;
        bool haveData = false;
        for (int at = 12; at + 8 <= bytes.Length;)
        {
            var id = bytes.Slice(at, 4);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(at + 4)..]);
            int body = at + 8;
            long available = bytes.Length - body;
            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16 || size > available)
                {
                    throw new InvalidDataException($"its format chunk is {size} bytes long.");
                }

                var fmt = bytes.Slice(body, (int)size);
                format = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
                rate = (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]));
                blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt[12..]);
                bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
                if (format == 0xFFFE && size >= 40)
                {
                    format = BinaryPrimitives.ReadUInt16LittleEndian(fmt[24..]); // the sub-format GUID starts with the format code
                }
            }
            else if (id.SequenceEqual("data"u8))
            {
                data = bytes.Slice(body, (int)Math.Min(size, available)); // a truncated file keeps what it has
                haveData = true;
                break;
            }

            at = (int)Math.Min(int.MaxValue, body + size + (size & 1)); // chunks are padded to an even size
        }

        if (format == 0)
        {
            throw new InvalidDataException("it has no format chunk.");
        }

        if (!haveData)
        {
            throw new InvalidDataException("it has no audio data.");
        }

        bool isFloat = format == 3;
        if (!(format == 1 && bits is 8 or 16 or 24 or 32) && !(isFloat && bits is 32 or 64))
        {
            throw new InvalidDataException($"its audio is {(isFloat ? "float" : $"format {format}")} at {bits} bits; NeuralDx7 reads 8/16/24/32-bit integer and 32/64-bit float PCM.");
        }

        if (channels is < 1 or > 8 || rate is < 8000 or > 192_000 || blockAlign != channels * bits / 8)
        {
            throw new InvalidDataException($"it says {channels} channel(s) at {rate} Hz in blocks of {blockAlign} bytes; NeuralDx7 reads 1-8 channels at 8-192 kHz.");
        }

        int frames = data.Length / blockAlign, width = bits / 8;
        if (frames > maxSeconds * rate)
        {
            throw new InvalidDataException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"it is {(double)frames / rate:0.#} s long; at most {maxSeconds} s can be used: cut the note out of it first."));
        }

        var mono = new float[frames];
        for (int f = 0; f < frames; f++)
        {
            double sum = 0;
            for (int c = 0; c < channels; c++)
            {
                sum += Sample(data.Slice((f * blockAlign) + (c * width), width), bits, isFloat);
            }

            double value = sum / channels;
            mono[f] = double.IsFinite(value) ? (float)value : 0f;
        }

        return new Recording(mono, rate, channels, bits, isFloat);
    }

    private static double Sample(ReadOnlySpan<byte> b, int bits, bool isFloat) => (bits, isFloat) switch
    {
        (8, false) => (b[0] - 128) / 128.0,
        (16, false) => BinaryPrimitives.ReadInt16LittleEndian(b) / 32768.0,
        (24, false) => ((b[0] | (b[1] << 8) | (b[2] << 16)) << 8 >> 8) / 8388608.0,
        (32, false) => BinaryPrimitives.ReadInt32LittleEndian(b) / 2147483648.0,
        (32, true) => BinaryPrimitives.ReadSingleLittleEndian(b),
        _ => BinaryPrimitives.ReadDoubleLittleEndian(b),
    };

    /// <summary>The recording at another sample rate: windowed-sinc interpolation, low-passed below the lower Nyquist.</summary>
    public float[] Resampled(int rate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rate, 1000);
        if (rate == SampleRate)
        {
            return (float[])Samples.Clone();
        }

        const int halfWidth = 16; // taps each side: a -60 dB stop band is plenty for matching timbre
        double ratio = (double)SampleRate / rate, cutoff = Math.Min(1.0, 1.0 / ratio);
        int length = (int)(Samples.LongLength * rate / SampleRate);
        var output = new float[length];
        Parallel.For(0, length, i =>
        {
            double centre = i * ratio, sum = 0, weights = 0;
            int first = (int)Math.Ceiling(centre - (halfWidth / cutoff)), last = (int)Math.Floor(centre + (halfWidth / cutoff));
            for (int j = Math.Max(0, first); j <= Math.Min(Samples.Length - 1, last); j++)
            {
                double x = (j - centre) * cutoff;
                double sinc = Math.Abs(x) < 1e-9 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);
                double window = 0.5 + (0.5 * Math.Cos(Math.PI * x / halfWidth)); // Hann over the taps
                double w = sinc * window;
                sum += Samples[j] * w;
                weights += w;
            }

            output[i] = weights > 1e-9 ? (float)(sum / weights) : 0f;
        });

        return output;
    }
}

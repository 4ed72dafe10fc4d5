using System.Numerics;

namespace NeuralDx7.Application.Matching;

/// <summary>
/// How far a sound is from a target, as DDSP measures it: log-magnitude spectrograms at four resolutions (2048 to 256
/// samples; long windows hear pitch and partials, short ones hear attacks), compared by mean absolute difference, plus
/// the difference of their loudness envelopes. Both sounds are brought to the same loudness first: what is compared is
/// the shape of the sound, not its level. The target's spectra are computed once; a candidate's on each call.
/// </summary>
public sealed class SpectralDistance
{
    private static readonly int[] Sizes = [2048, 1024, 512, 256];
    private const double Floor = 1e-4;          // magnitude below which differences are not heard
    private const double LoudnessWeight = 1.0 / 20; // a 20 dB difference in loudness weighs as one unit of log magnitude
    private const double SilentDistance = 100;   // a silent candidate is as far as anything can be

    [ThreadStatic]
    private static float[]? t_spectrogram;

    private readonly float[][] _target;     // batch-major (FrameBatchFft), as every candidate's
    private readonly int[] _values;         // values in each, padding frames left out
    private readonly float[] _targetLoudness;
    private readonly double _targetRms;

    public SpectralDistance(float[] target, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(target);
        SampleRate = sampleRate;
        Length = target.Length;
        _targetRms = Rms(target);
        if (!(_targetRms > 1e-7))
        {
            throw new ArgumentException("The target is silent.", nameof(target));
        }

        _target = [.. Sizes.Select(size => BatchedLogSpectrogram(target, size, 1 / _targetRms))];
        _values = [.. Sizes.Select(size => FrameBatchFft.For(size).Frames(target.Length) * ((size / 2) + 1))];
        _targetLoudness = Loudness(target, sampleRate);
    }

    public int SampleRate { get; }

    /// <summary>Samples a candidate must have: the target's length.</summary>
    public int Length { get; }

    public double Distance(ReadOnlySpan<float> candidate)
    {
        double rms = Rms(candidate);
        if (candidate.Length != Length || !(rms > 1e-7))
        {
            return SilentDistance;
        }

        // Each spectrogram into this thread's scratch and compared at once: a search hears thousands of voices a minute.
        double total = 0;
        for (int r = 0; r < Sizes.Length; r++)
        {
            var fft = FrameBatchFft.For(Sizes[r]);
            int count = fft.Count(candidate.Length);
            var scratch = t_spectrogram is { } s && s.Length >= count ? s : t_spectrogram = new float[count];
            fft.LogSpectrogram(candidate, (float)(1 / rms), (float)Floor, scratch);
            total += SumOfAbsoluteDifferences(scratch.AsSpan(0, count), _target[r]) / _values[r];
        }

        return (total / Sizes.Length) + (LoudnessWeight * MeanAbsoluteDifference(Loudness(candidate, SampleRate), _targetLoudness));
    }

    /// <summary>The distance of a sound measured once (to compare one sound with many targets).</summary>
    public double Distance(Heard? candidate)
    {
        if (candidate is null || candidate.Length != Length)
        {
            return SilentDistance;
        }

        double total = 0;
        for (int r = 0; r < Sizes.Length; r++)
        {
            total += SumOfAbsoluteDifferences(candidate.Spectrograms[r], _target[r]) / _values[r];
        }

        return (total / Sizes.Length) + (LoudnessWeight * MeanAbsoluteDifference(candidate.Loudness, _targetLoudness));
    }

    /// <summary>A sound's spectrograms and loudness, as <see cref="Distance(Heard)"/> compares them; null for silence.</summary>
    public static Heard? Measure(ReadOnlySpan<float> sound, int sampleRate)
    {
        double rms = Rms(sound);
        if (!(rms > 1e-7))
        {
            return null;
        }

        var spectrograms = new float[Sizes.Length][];
        for (int r = 0; r < Sizes.Length; r++)
        {
            spectrograms[r] = BatchedLogSpectrogram(sound, Sizes[r], 1 / rms);
        }

        return new Heard(spectrograms, Loudness(sound, sampleRate), sound.Length);
    }

    /// <summary>What <see cref="Measure"/> keeps of a sound.</summary>
    public sealed record Heard(float[][] Spectrograms, float[] Loudness, int Length);

    private static double MeanAbsoluteDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b) =>
        Math.Min(a.Length, b.Length) == 0 ? 0 : SumOfAbsoluteDifferences(a, b) / Math.Min(a.Length, b.Length);

    // Summed in float a block at a time and in double across blocks: exact enough, and no buffer per comparison.
    private static double SumOfAbsoluteDifferences(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int n = Math.Min(a.Length, b.Length);
        double total = 0;
        const int Block = 1024;
        for (int start = 0; start < n; start += Block)
        {
            int length = Math.Min(Block, n - start);
            var x = a.Slice(start, length);
            var y = b.Slice(start, length);
            var sum = Vector<float>.Zero;
            int i = 0;
            for (; i <= length - Vector<float>.Count; i += Vector<float>.Count)
            {
                sum += Vector.Abs(new Vector<float>(x[i..]) - new Vector<float>(y[i..]));
            }

            float rest = Vector.Sum(sum);
            for (; i < length; i++)
            {
                rest += MathF.Abs(x[i] - y[i]);
            }

            total += rest;
        }

        return total;
    }

    private static double Rms(ReadOnlySpan<float> x)
    {
        double sum = System.Numerics.Tensors.TensorPrimitives.SumOfSquares(x);
        return x.Length == 0 ? 0 : Math.Sqrt(sum / x.Length);
    }

    /// <summary>Frames of ln(|X| + floor) for Hann windows of <paramref name="size"/>, hop a quarter of it, the signal scaled to unit RMS.</summary>
    internal static float[] LogSpectrogram(ReadOnlySpan<float> signal, int size, double scale) =>
        FrameBatchFft.For(size).FrameMajor(BatchedLogSpectrogram(signal, size, scale), signal.Length);

    private static float[] BatchedLogSpectrogram(ReadOnlySpan<float> signal, int size, double scale)
    {
        var fft = FrameBatchFft.For(size);
        var output = new float[fft.Count(signal.Length)];
        fft.LogSpectrogram(signal, (float)scale, (float)Floor, output);
        return output;
    }

    /// <summary>The same spectrogram by the plain double-precision FFT, one frame at a time: the reference the fast one is tested against.</summary>
    internal static float[] LogSpectrogramReference(ReadOnlySpan<float> signal, int size, double scale)
    {
        var fft = RealFft.For(size);
        int hop = size / 4, bins = (size / 2) + 1;
        int frames = signal.Length >= size ? 1 + ((signal.Length - size) / hop) : 1;
        var output = new float[frames * bins];
        Span<double> frame = stackalloc double[size];
        Span<float> magnitudes = stackalloc float[bins];
        for (int f = 0; f < frames; f++)
        {
            int start = f * hop;
            for (int i = 0; i < size; i++)
            {
                frame[i] = start + i < signal.Length ? signal[start + i] * scale * fft.Window[i] : 0;
            }

            fft.Magnitudes(frame, magnitudes);
            for (int k = 0; k < bins; k++)
            {
                output[(f * bins) + k] = MathF.Log(magnitudes[k] + (float)Floor);
            }
        }

        return output;
    }

    /// <summary>RMS level of 10 ms frames in dB, floored at -90: the loudness envelope.</summary>
    internal static float[] Loudness(ReadOnlySpan<float> signal, int sampleRate) =>
        [.. NeuralDx7.Synth.AudioAnalysis.RmsDecibels(signal, sampleRate, 0.01, -90).Select(d => (float)d)];
}

/// <summary>A radix-2 FFT of real frames of one size: Hann window, bit-reversal and twiddles computed once per size.</summary>
internal sealed class RealFft
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, RealFft> Cache = new();
    private readonly int[] _reversed;
    private readonly double[] _cos, _sin;

    private RealFft(int size)
    {
        if (!BitOperations.IsPow2(size))
        {
            throw new ArgumentException($"An FFT size must be a power of two, not {size}.", nameof(size));
        }

        Size = size;
        Window = [.. Enumerable.Range(0, size).Select(i => 0.5 - (0.5 * Math.Cos(2 * Math.PI * i / size)))];
        int bits = BitOperations.Log2((uint)size);
        _reversed = [.. Enumerable.Range(0, size).Select(i => (int)(ReverseBits((uint)i) >> (32 - bits)))];
        _cos = [.. Enumerable.Range(0, size / 2).Select(k => Math.Cos(-2 * Math.PI * k / size))];
        _sin = [.. Enumerable.Range(0, size / 2).Select(k => Math.Sin(-2 * Math.PI * k / size))];
    }

    public int Size { get; }

    public double[] Window { get; }

    public static RealFft For(int size) => Cache.GetOrAdd(size, s => new RealFft(s));

    /// <summary>|X[k]| for k = 0..Size/2 of a real frame.</summary>
    public void Magnitudes(ReadOnlySpan<double> frame, Span<float> magnitudes)
    {
        int n = Size;
        Span<double> re = n <= 4096 ? stackalloc double[n] : new double[n];
        Span<double> im = n <= 4096 ? stackalloc double[n] : new double[n];
        for (int i = 0; i < n; i++)
        {
            re[_reversed[i]] = frame[i];
        }

        im.Clear();
        for (int length = 2; length <= n; length <<= 1)
        {
            int half = length / 2, stride = n / length;
            for (int start = 0; start < n; start += length)
            {
                for (int k = 0; k < half; k++)
                {
                    double wr = _cos[k * stride], wi = _sin[k * stride];
                    int a = start + k, b = a + half;
                    double tr = (re[b] * wr) - (im[b] * wi), ti = (re[b] * wi) + (im[b] * wr);
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }

        for (int k = 0; k <= n / 2; k++)
        {
            magnitudes[k] = (float)Math.Sqrt((re[k] * re[k]) + (im[k] * im[k]));
        }
    }

    internal static uint ReverseBits(uint x)
    {
        x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
        x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
        x = ((x >> 4) & 0x0F0F0F0Fu) | ((x & 0x0F0F0F0Fu) << 4);
        x = ((x >> 8) & 0x00FF00FFu) | ((x & 0x00FF00FFu) << 8);
        return (x >> 16) | (x << 16);
    }
}

using System.Numerics;
using NeuralDx7.Synth;

namespace NeuralDx7.Matching;

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

    /// <summary>
    /// What <see cref="Measure"/> computes, by the plain double-precision FFT one frame at a time (spectrograms frame-major):
    /// the reference the fast kernels are tested and timed against.
    /// </summary>
    public static (float[][] Spectrograms, float[] Loudness) MeasureByReference(ReadOnlySpan<float> sound, int sampleRate)
    {
        double rms = Rms(sound);
        double scale = rms > 1e-7 ? 1 / rms : 1;
        var spectrograms = new float[Sizes.Length][];
        for (int r = 0; r < Sizes.Length; r++)
        {
            spectrograms[r] = LogSpectrogramReference(sound, Sizes[r], scale);
        }

        return (spectrograms, Loudness(sound, sampleRate));
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
            fft.WindowedFrame(signal, f * hop, scale, frame);
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

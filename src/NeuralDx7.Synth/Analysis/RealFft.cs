using System.Numerics;

namespace NeuralDx7.Synth;

/// <summary>
/// The plain FFT every analysis here uses: a radix-2 transform of one real frame in double precision, with its periodic
/// Hann window, bit reversal and twiddles computed once per size. <see cref="FrameBatchFft"/> is the fast batched form,
/// tested against this one.
/// </summary>
public sealed class RealFft
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
        _reversed = [.. Enumerable.Range(0, size).Select(i => bits == 0 ? 0 : (int)(ReverseBits((uint)i) >> (32 - bits)))];
        _cos = [.. Enumerable.Range(0, size / 2).Select(k => Math.Cos(-2 * Math.PI * k / size))];
        _sin = [.. Enumerable.Range(0, size / 2).Select(k => Math.Sin(-2 * Math.PI * k / size))];
    }

    public int Size { get; }

    /// <summary>Bins of a real frame's spectrum: 0 to Size/2.</summary>
    public int Bins => (Size / 2) + 1;

    /// <summary>The periodic Hann window (0.5 - 0.5 cos 2 pi i / N): frames half or three quarters overlapping sum flat.</summary>
    public double[] Window { get; }

    public static RealFft For(int size) => Cache.GetOrAdd(size, s => new RealFft(s));

    /// <summary>The frame of <paramref name="samples"/> at <paramref name="start"/>, scaled and windowed; zeros past the end.</summary>
    public void WindowedFrame(ReadOnlySpan<float> samples, int start, double scale, Span<double> frame)
    {
        for (int i = 0; i < Size; i++)
        {
            frame[i] = start + i < samples.Length ? samples[start + i] * scale * Window[i] : 0;
        }
    }

    /// <summary>|X[k]| for k = 0..Size/2 of a real frame.</summary>
    public void Magnitudes(ReadOnlySpan<double> frame, Span<float> magnitudes) => Spectrum(frame, magnitudes, power: false);

    /// <summary>|X[k]| for k = 0..Size/2 of a real frame, in double precision.</summary>
    public void Magnitudes(ReadOnlySpan<double> frame, Span<double> magnitudes) => Spectrum(frame, magnitudes, power: false);

    /// <summary>|X[k]|² for k = 0..Size/2 of a real frame.</summary>
    public void Power(ReadOnlySpan<double> frame, Span<double> power) => Spectrum(frame, power, power: true);

    private void Spectrum<T>(ReadOnlySpan<double> frame, Span<T> output, bool power)
        where T : IFloatingPoint<T>
    {
        int n = Size;
        Span<double> re = n <= 4096 ? stackalloc double[n] : new double[n];
        Span<double> im = n <= 4096 ? stackalloc double[n] : new double[n];
        Transform(frame, re, im);
        for (int k = 0; k <= n / 2; k++)
        {
            double squared = (re[k] * re[k]) + (im[k] * im[k]);
            output[k] = T.CreateTruncating(power ? squared : Math.Sqrt(squared));
        }
    }

    /// <summary>The complex spectrum of a real frame, decimated in time: bit-reversed copy, then log2 N passes of butterflies.</summary>
    private void Transform(ReadOnlySpan<double> frame, Span<double> re, Span<double> im)
    {
        int n = Size;
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

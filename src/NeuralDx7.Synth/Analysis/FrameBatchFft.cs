using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralDx7.Synth;

/// <summary>
/// Log-magnitude spectrograms, fast: a batch of frames is transformed at once, one frame per vector lane, so every
/// butterfly is the same few vector operations with a broadcast twiddle and no lane shuffles. Each real frame of N
/// samples is packed into a complex one of N/2 (even samples real, odd imaginary) and split afterwards, which halves the
/// work again. <see cref="RealFft"/> is the plain reference it is tested against.
/// </summary>
public sealed class FrameBatchFft
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, FrameBatchFft> Cache = new();
    private static readonly int Lanes = Vector<float>.Count;

    [ThreadStatic]
    private static float[]? t_scratch;

    private readonly int _size, _half;
    private readonly float[] _window;
    private readonly int[] _reversed;           // bit reversal of the N/2-point transform
    private readonly float[] _cos, _sin;        // its twiddles, e^(-2 pi i k / (N/2))
    private readonly float[] _splitCos, _splitSin; // the split's twiddles, e^(-2 pi i k / N), k = 0..N/2

    private FrameBatchFft(int size)
    {
        if (!BitOperations.IsPow2(size) || size < 4)
        {
            throw new ArgumentException($"An FFT size must be a power of two of at least 4, not {size}.", nameof(size));
        }

        _size = size;
        _half = size / 2;
        _window = [.. RealFft.For(size).Window.Select(w => (float)w)];
        int bits = BitOperations.Log2((uint)_half);
        _reversed = [.. Enumerable.Range(0, _half).Select(i => bits == 0 ? 0 : (int)(RealFft.ReverseBits((uint)i) >> (32 - bits)))];
        _cos = [.. Enumerable.Range(0, _half / 2).Select(k => (float)Math.Cos(-2 * Math.PI * k / _half))];
        _sin = [.. Enumerable.Range(0, _half / 2).Select(k => (float)Math.Sin(-2 * Math.PI * k / _half))];
        _splitCos = [.. Enumerable.Range(0, _half + 1).Select(k => (float)Math.Cos(-2 * Math.PI * k / size))];
        _splitSin = [.. Enumerable.Range(0, _half + 1).Select(k => (float)Math.Sin(-2 * Math.PI * k / size))];
    }

    public static FrameBatchFft For(int size) => Cache.GetOrAdd(size, s => new FrameBatchFft(s));

    /// <summary>Frames a spectrogram of <paramref name="length"/> samples has: hop a quarter of the size, at least one.</summary>
    public int Frames(int length) => length >= _size ? 1 + ((length - _size) / (_size / 4)) : 1;

    /// <summary>
    /// Values <see cref="LogSpectrogram"/> writes for <paramref name="length"/> samples: the frames rounded up to whole
    /// batches, times the bins. The frames past the last are silence (ln floor) in every sound of that length, so they
    /// add nothing to a difference between two.
    /// </summary>
    public int Count(int length) => (Frames(length) + Lanes - 1) / Lanes * Lanes * (_half + 1);

    /// <summary>
    /// ln(|X| + <paramref name="floor"/>) of Hann-windowed frames, hop a quarter of the size, the signal multiplied by
    /// <paramref name="scale"/>, into <paramref name="output"/> (<see cref="Count"/> values) batch-major: for each batch
    /// of frames, for each bin 0..N/2, one value per frame of the batch (<see cref="FrameMajor"/> reorders it).
    /// </summary>
    public void LogSpectrogram(ReadOnlySpan<float> signal, float scale, float floor, Span<float> output)
    {
        int hop = _size / 4, bins = _half + 1, frames = Frames(signal.Length), count = Count(signal.Length);
        if (output.Length < count)
        {
            throw new ArgumentException($"The output holds {output.Length} values; the spectrogram has {count}.", nameof(output));
        }

        int block = _half * Lanes;
        var scratch = t_scratch is { } s && s.Length >= 2 * block ? s : t_scratch = new float[2 * block];
        var re = MemoryMarshal.Cast<float, Vector<float>>(scratch.AsSpan(0, block));
        var im = MemoryMarshal.Cast<float, Vector<float>>(scratch.AsSpan(block, block));
        var batches = MemoryMarshal.Cast<float, Vector<float>>(output[..count]);
        for (int first = 0; first < frames; first += Lanes)
        {
            Pack(signal, first, frames, hop, scale, scratch.AsSpan(0, block), scratch.AsSpan(block, block));
            Transform(re, im);
            Split(re, im, floor, batches.Slice(first / Lanes * bins, bins));
        }

        System.Numerics.Tensors.TensorPrimitives.Log(output[..count], output);
    }

    /// <summary>A spectrogram of <paramref name="length"/> samples reordered frame after frame, bins 0..N/2 each, without the padding frames.</summary>
    public float[] FrameMajor(ReadOnlySpan<float> batched, int length)
    {
        int bins = _half + 1, frames = Frames(length);
        var result = new float[frames * bins];
        for (int f = 0; f < frames; f++)
        {
            for (int k = 0; k < bins; k++)
            {
                result[(f * bins) + k] = batched[((((f / Lanes) * bins) + k) * Lanes) + (f % Lanes)];
            }
        }

        return result;
    }

    // Lane l holds frame first + l; sample pairs (2j, 2j + 1) become complex point j, stored at its bit-reversed place.
    private void Pack(ReadOnlySpan<float> signal, int first, int frames, int hop, float scale, Span<float> re, Span<float> im)
    {
        for (int lane = 0; lane < Lanes; lane++)
        {
            int start = (first + lane) * hop;
            bool inside = first + lane < frames;
            for (int j = 0; j < _half; j++)
            {
                int at = (_reversed[j] * Lanes) + lane, even = start + (2 * j);
                re[at] = inside && even < signal.Length ? signal[even] * scale * _window[2 * j] : 0;
                im[at] = inside && even + 1 < signal.Length ? signal[even + 1] * scale * _window[(2 * j) + 1] : 0;
            }
        }
    }

    // Radix-2 decimation in time over N/2 complex points, every lane at once; refs, since b = a + half defeats bounds-check removal.
    private void Transform(Span<Vector<float>> re, Span<Vector<float>> im)
    {
        ref var re0 = ref MemoryMarshal.GetReference(re);
        ref var im0 = ref MemoryMarshal.GetReference(im);
        for (int length = 2; length <= _half; length <<= 1)
        {
            int half = length / 2, stride = _half / length;
            for (int k = 0; k < half; k++)
            {
                var wr = new Vector<float>(_cos[k * stride]);
                var wi = new Vector<float>(_sin[k * stride]);
                for (int a = k; a < _half; a += length)
                {
                    ref var reA = ref Unsafe.Add(ref re0, a);
                    ref var imA = ref Unsafe.Add(ref im0, a);
                    ref var reB = ref Unsafe.Add(ref re0, a + half);
                    ref var imB = ref Unsafe.Add(ref im0, a + half);
                    var tr = (reB * wr) - (imB * wi);
                    var ti = (reB * wi) + (imB * wr);
                    reB = reA - tr;
                    imB = imA - ti;
                    reA += tr;
                    imA += ti;
                }
            }
        }
    }

    // The real frame's bin k from the packed transform Z: X[k] = E[k] + e^(-2 pi i k / N) O[k], with
    // E = (Z[k] + conj Z[N/2 - k]) / 2 and O = (Z[k] - conj Z[N/2 - k]) / 2i; |X| + floor, one vector per bin.
    private void Split(Span<Vector<float>> re, Span<Vector<float>> im, float floor, Span<Vector<float>> bins)
    {
        var halfVector = new Vector<float>(0.5f);
        var floorVector = new Vector<float>(floor);
        for (int k = 0; k <= _half; k++)
        {
            int p = k % _half, q = (_half - k) % _half;
            var evenRe = (re[p] + re[q]) * halfVector;
            var evenIm = (im[p] - im[q]) * halfVector;
            var oddRe = (im[p] + im[q]) * halfVector;
            var oddIm = (re[q] - re[p]) * halfVector;
            var wr = new Vector<float>(_splitCos[k]);
            var wi = new Vector<float>(_splitSin[k]);
            var xr = evenRe + (wr * oddRe) - (wi * oddIm);
            var xi = evenIm + (wr * oddIm) + (wi * oddRe);
            bins[k] = Vector.SquareRoot((xr * xr) + (xi * xi)) + floorVector;
        }
    }
}

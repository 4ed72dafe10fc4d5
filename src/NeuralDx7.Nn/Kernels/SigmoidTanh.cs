using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralDx7.Nn.Kernels;

/// <summary>
/// The logistic sigmoid and tanh for float32, sixteen (or eight) at a time: FiLM's gamma and beta. The sigmoid is
/// 1 / (1 + e^-x) on <see cref="Exponential"/> (a few ulp, relative, over the whole range); tanh is the rational
/// minimax form Eigen and XLA use (odd degree 13 over even degree 6 on [-7.9, 7.9], where float tanh reaches 1),
/// with no exp at all. Both keep NaN.
/// </summary>
internal static class SigmoidTanh
{
    private const float TanhLimit = 7.90531110763549805f;

    private const float Alpha1 = 4.89352455891786e-03f, Alpha3 = 6.37261928875436e-04f, Alpha5 = 1.48572235717979e-05f,
        Alpha7 = 5.12229709037114e-08f, Alpha9 = -8.60467152213735e-11f, Alpha11 = 2.00018790482477e-13f, Alpha13 = -2.76076847742355e-16f;

    private const float Beta0 = 4.89352518554385e-03f, Beta2 = 2.26843463243900e-03f, Beta4 = 1.18534705686654e-04f, Beta6 = 1.19825839466702e-06f;

    public static bool IsAccelerated => Avx512F.IsSupported;

    /// <summary>The eight-lane forms run (AVX2 and FMA without AVX-512); FiLM then needs F a multiple of eight.</summary>
    public static bool IsAccelerated256 => Exponential.IsAccelerated256;

    /// <summary>Whether <see cref="Film"/> runs for rows of <paramref name="features"/>.</summary>
    public static bool Fits(int features) => (IsAccelerated && features % 16 == 0) || (IsAccelerated256 && features % 8 == 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x) =>
        Vector512<float>.One / (Vector512<float>.One + Exponential.Exp(-x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> value)
    {
        var x = Avx512F.Min(Avx512F.Max(value, Vector512.Create(-TanhLimit)), Vector512.Create(TanhLimit));
        var x2 = x * x;
        var p = Avx512F.FusedMultiplyAdd(x2, Vector512.Create(Alpha13), Vector512.Create(Alpha11));
        p = Avx512F.FusedMultiplyAdd(x2, p, Vector512.Create(Alpha9));
        p = Avx512F.FusedMultiplyAdd(x2, p, Vector512.Create(Alpha7));
        p = Avx512F.FusedMultiplyAdd(x2, p, Vector512.Create(Alpha5));
        p = Avx512F.FusedMultiplyAdd(x2, p, Vector512.Create(Alpha3));
        p = Avx512F.FusedMultiplyAdd(x2, p, Vector512.Create(Alpha1));
        var q = Avx512F.FusedMultiplyAdd(x2, Vector512.Create(Beta6), Vector512.Create(Beta4));
        q = Avx512F.FusedMultiplyAdd(x2, q, Vector512.Create(Beta2));
        q = Avx512F.FusedMultiplyAdd(x2, q, Vector512.Create(Beta0));
        var tanh = x * p * Reciprocal.Of(q); // q runs from 0.0049 to 0.90 on [-7.9, 7.9]
        return Vector512.ConditionalSelect(Vector512.Equals(value, value), tanh, value); // max and min drop a NaN: put it back
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) =>
        Vector256<float>.One / (Vector256<float>.One + Exponential.Exp(-x));

    /// <summary>tanh on eight lanes: the same rational form.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> value)
    {
        var x = Avx.Min(Avx.Max(value, Vector256.Create(-TanhLimit)), Vector256.Create(TanhLimit));
        var x2 = x * x;
        var p = Fma.MultiplyAdd(x2, Vector256.Create(Alpha13), Vector256.Create(Alpha11));
        p = Fma.MultiplyAdd(x2, p, Vector256.Create(Alpha9));
        p = Fma.MultiplyAdd(x2, p, Vector256.Create(Alpha7));
        p = Fma.MultiplyAdd(x2, p, Vector256.Create(Alpha5));
        p = Fma.MultiplyAdd(x2, p, Vector256.Create(Alpha3));
        p = Fma.MultiplyAdd(x2, p, Vector256.Create(Alpha1));
        var q = Fma.MultiplyAdd(x2, Vector256.Create(Beta6), Vector256.Create(Beta4));
        q = Fma.MultiplyAdd(x2, q, Vector256.Create(Beta2));
        q = Fma.MultiplyAdd(x2, q, Vector256.Create(Beta0));
        var tanh = x * p * Reciprocal.Of(q);
        return Vector256.ConditionalSelect(Vector256.Equals(value, value), tanh, value);
    }

    /// <summary>
    /// FiLM of one block of rows: y = sigmoid(a) x + tanh(b), where each row of <paramref name="film"/> holds a
    /// then b (2F values for the F of a row of x). When <paramref name="kept"/> is not empty it receives
    /// sigmoid(a) and tanh(b) in the same layout, for the backward pass. F must be a multiple of sixteen (eight where only AVX2 runs).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Film(ReadOnlySpan<float> x, ReadOnlySpan<float> film, Span<float> y, Span<float> kept, int features)
    {
        bool keep = !kept.IsEmpty;
        if (!IsAccelerated)
        {
            Film256(x, film, y, kept, features);
            return;
        }

        for (int row = 0, rows = x.Length / features; row < rows; row++)
        {
            int at = row * features, filmAt = 2 * at;
            for (int c = 0; c < features; c += 16)
            {
                var gamma = Sigmoid(Vector512.Create(film.Slice(filmAt + c, 16)));
                var beta = Tanh(Vector512.Create(film.Slice(filmAt + features + c, 16)));
                Avx512F.FusedMultiplyAdd(gamma, Vector512.Create(x.Slice(at + c, 16)), beta).CopyTo(y.Slice(at + c, 16));
                if (keep)
                {
                    gamma.CopyTo(kept.Slice(filmAt + c, 16));
                    beta.CopyTo(kept.Slice(filmAt + features + c, 16));
                }
            }
        }
    }

    private static void Film256(ReadOnlySpan<float> x, ReadOnlySpan<float> film, Span<float> y, Span<float> kept, int features)
    {
        bool keep = !kept.IsEmpty;
        for (int row = 0, rows = x.Length / features; row < rows; row++)
        {
            int at = row * features, filmAt = 2 * at;
            for (int c = 0; c < features; c += 8)
            {
                var gamma = Sigmoid(Vector256.Create(film.Slice(filmAt + c, 8)));
                var beta = Tanh(Vector256.Create(film.Slice(filmAt + features + c, 8)));
                Fma.MultiplyAdd(gamma, Vector256.Create(x.Slice(at + c, 8)), beta).CopyTo(y.Slice(at + c, 8));
                if (keep)
                {
                    gamma.CopyTo(kept.Slice(filmAt + c, 8));
                    beta.CopyTo(kept.Slice(filmAt + features + c, 8));
                }
            }
        }
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralDx7.Nn.Kernels;

/// <summary>
/// Softmax of one float32 row in vector passes (scale and max, exp and sum, normalise), the row staying in L1
/// throughout. Values below <see cref="Subnormals.NegligibleProbability"/> of the row's peak are 0.
/// A row that is not a multiple of sixteen ends with a vector overlapping the one before it: computed from
/// the pass's input before the loop overwrites it and stored after, it never needs a scalar or padded tail.
/// Inference attention uses <see cref="NumeratorsOfRows"/> instead: padded rows, four at a time.
/// </summary>
internal static class SoftmaxRows
{
    private static readonly Vector512<int> LaneIndices = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);

    /// <summary>y = softmax(scale * x); x and y may be the same span.</summary>
    public static void Row(ReadOnlySpan<float> x, Span<float> y, float scale)
    {
        float sum = Numerators(x, y, scale);
        Normalise(y[..x.Length], 1f / sum);
    }

    /// <summary>
    /// y = exp(scale * x - max), the softmax before its division, and their sum. Attention divides its 16-wide
    /// output rows by the sums instead of dividing 155-wide rows of weights.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a hot loop: fully optimised from its first call
    public static float Numerators(ReadOnlySpan<float> x, Span<float> y, float scale)
    {
        int n = x.Length;
        if (Exponential.IsAccelerated256 && n >= 8)
        {
            return Numerators256(x, y, scale);
        }

        if (!Exponential.IsAccelerated || n < 16)
        {
            TP.Multiply(x, scale, y);
            var row = y[..n];
            TP.Subtract(row, TP.Max(row), row);
            TP.Exp(row, row);
            Subnormals.FlushBelow(row, (float)Subnormals.NegligibleProbability);
            return TP.Sum(row);
        }

        int full = n & ~15, last = n - 16;
        var factor = Vector512.Create(scale);
        var lastScaled = Vector512.Create(x[last..]) * factor;
        var maxima = lastScaled;
        for (int i = 0; i < full; i += 16)
        {
            var v = Vector512.Create(x.Slice(i, 16)) * factor;
            v.CopyTo(y.Slice(i, 16));
            maxima = Vector512.Max(maxima, v);
        }

        lastScaled.CopyTo(y[last..]);

        var shift = Vector512.Create(HorizontalMax(maxima));
        var negligible = Vector512.Create((float)Subnormals.NegligibleProbability);
        var lastExp = Exponential.Exp(Vector512.Create(y[last..]) - shift);
        lastExp = Vector512.ConditionalSelect(Vector512.LessThan(lastExp, negligible), Vector512<float>.Zero, lastExp);
        var sums = Vector512<float>.Zero;
        for (int i = 0; i < full; i += 16)
        {
            var e = Exponential.Exp(Vector512.Create(y.Slice(i, 16)) - shift);
            e = Vector512.ConditionalSelect(Vector512.LessThan(e, negligible), Vector512<float>.Zero, e);
            e.CopyTo(y.Slice(i, 16));
            sums += e;
        }

        lastExp.CopyTo(y[last..]);
        if (full < n)
        {
            // Only the lanes past the last full vector are new to the sum.
            var fresh = Vector512.GreaterThanOrEqual(LaneIndices, Vector512.Create(full - last)).AsSingle();
            sums += lastExp & fresh;
        }

        return Vector512.Sum(sums);
    }

    /// <summary><see cref="Numerators"/> on eight lanes (AVX2 without AVX-512), the same passes and the same overlapping last vector.</summary>
    private static float Numerators256(ReadOnlySpan<float> x, Span<float> y, float scale)
    {
        int n = x.Length, full = n & ~7, last = n - 8;
        var factor = Vector256.Create(scale);
        var lastScaled = Vector256.Create(x[last..]) * factor;
        var maxima = lastScaled;
        for (int i = 0; i < full; i += 8)
        {
            var v = Vector256.Create(x.Slice(i, 8)) * factor;
            v.CopyTo(y.Slice(i, 8));
            maxima = Vector256.Max(maxima, v);
        }

        lastScaled.CopyTo(y[last..]);

        var shift = Vector256.Create(HorizontalMax(maxima));
        var negligible = Vector256.Create((float)Subnormals.NegligibleProbability);
        var lastExp = Exponential.Exp(Vector256.Create(y[last..]) - shift);
        lastExp = Vector256.ConditionalSelect(Vector256.LessThan(lastExp, negligible), Vector256<float>.Zero, lastExp);
        var sums = Vector256<float>.Zero;
        for (int i = 0; i < full; i += 8)
        {
            var e = Exponential.Exp(Vector256.Create(y.Slice(i, 8)) - shift);
            e = Vector256.ConditionalSelect(Vector256.LessThan(e, negligible), Vector256<float>.Zero, e);
            e.CopyTo(y.Slice(i, 8));
            sums += e;
        }

        lastExp.CopyTo(y[last..]);
        if (full < n)
        {
            var fresh = Vector256.GreaterThanOrEqual(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(full - last)).AsSingle();
            sums += lastExp & fresh;
        }

        return Vector256.Sum(sums);
    }

    /// <summary>
    /// The numerators exp(x - max) of <paramref name="rows"/> rows of <paramref name="n"/> finite scores (n &gt;= 16),
    /// in place, and the inverse of each row's sum. Rows lie <paramref name="stride"/> floats apart with room for
    /// whole vectors (stride &gt;= n rounded up to 16); the lanes past n are written as zeros. Four rows go in step:
    /// one row's maximum, exponentials and sum are a chain of dependent steps that leaves the core idle, four are not.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void NumeratorsOfRows(float* x, int stride, int rows, int n, float* inverseSums)
    {
        int full = n & ~15;
        var inRow = Vector512.LessThan(LaneIndices, Vector512.Create(n - full)).AsSingle();
        var log2E = Vector512.Create(Exponential.Log2E);
        int r = 0;
        for (; r + 4 <= rows; r += 4)
        {
            float* x0 = x + (r * stride), x1 = x0 + stride, x2 = x1 + stride, x3 = x2 + stride;

            // The last vector overlaps the one before it: the maximum does not mind.
            Vector512<float> m0 = Vector512.Load(x0 + n - 16), m1 = Vector512.Load(x1 + n - 16), m2 = Vector512.Load(x2 + n - 16), m3 = Vector512.Load(x3 + n - 16);
            for (int i = 0; i + 16 < n; i += 16)
            {
                m0 = Avx512F.Max(m0, Vector512.Load(x0 + i));
                m1 = Avx512F.Max(m1, Vector512.Load(x1 + i));
                m2 = Avx512F.Max(m2, Vector512.Load(x2 + i));
                m3 = Avx512F.Max(m3, Vector512.Load(x3 + i));
            }

            // exp(x - max) = 2^(x log2 e - max log2 e): one FMA forms the argument.
            Vector512<float> h0 = Shift(m0), h1 = Shift(m1), h2 = Shift(m2), h3 = Shift(m3);
            Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
            for (int i = 0; i < full; i += 16)
            {
                s0 += StoreExp2(x0 + i, log2E, h0);
                s1 += StoreExp2(x1 + i, log2E, h1);
                s2 += StoreExp2(x2 + i, log2E, h2);
                s3 += StoreExp2(x3 + i, log2E, h3);
            }

            if (full < n)
            {
                s0 += StoreExp2(x0 + full, log2E, h0, inRow);
                s1 += StoreExp2(x1 + full, log2E, h1, inRow);
                s2 += StoreExp2(x2 + full, log2E, h2, inRow);
                s3 += StoreExp2(x3 + full, log2E, h3, inRow);
            }

            inverseSums[r] = 1f / Vector512.Sum(s0);
            inverseSums[r + 1] = 1f / Vector512.Sum(s1);
            inverseSums[r + 2] = 1f / Vector512.Sum(s2);
            inverseSums[r + 3] = 1f / Vector512.Sum(s3);
        }

        for (; r < rows; r++)
        {
            float* x0 = x + (r * stride);
            var m0 = Vector512.Load(x0 + n - 16);
            for (int i = 0; i + 16 < n; i += 16)
            {
                m0 = Avx512F.Max(m0, Vector512.Load(x0 + i));
            }

            var h0 = Shift(m0);
            var s0 = Vector512<float>.Zero;
            for (int i = 0; i < full; i += 16)
            {
                s0 += StoreExp2(x0 + i, log2E, h0);
            }

            if (full < n)
            {
                s0 += StoreExp2(x0 + full, log2E, h0, inRow);
            }

            inverseSums[r] = 1f / Vector512.Sum(s0);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Shift(Vector512<float> maxima) => Vector512.Create(-HorizontalMax(maxima) * Exponential.Log2E);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector512<float> StoreExp2(float* x, Vector512<float> log2E, Vector512<float> shift)
    {
        var e = Exponential.Exp2OfNonPositive(Avx512F.FusedMultiplyAdd(Vector512.Load(x), log2E, shift));
        e.Store(x);
        return e;
    }

    // The same for the row's last vector, its lanes past the row zeroed.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector512<float> StoreExp2(float* x, Vector512<float> log2E, Vector512<float> shift, Vector512<float> inRow)
    {
        var e = Exponential.Exp2OfNonPositive(Avx512F.FusedMultiplyAdd(Vector512.Load(x), log2E, shift)) & inRow;
        e.Store(x);
        return e;
    }

    /// <summary>y *= factor.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Normalise(Span<float> y, float factor)
    {
        int n = y.Length;
        if (!Exponential.IsAccelerated || n < 16)
        {
            TP.Multiply(y, factor, y);
            return;
        }

        var inverse = Vector512.Create(factor);
        var lastNormalised = Vector512.Create(y[(n - 16)..]) * inverse;
        for (int i = 0; i + 16 <= n; i += 16)
        {
            (Vector512.Create(y.Slice(i, 16)) * inverse).CopyTo(y.Slice(i, 16));
        }

        lastNormalised.CopyTo(y[(n - 16)..]);
    }

    private static float HorizontalMax(Vector512<float> v) => HorizontalMax(Vector256.Max(v.GetLower(), v.GetUpper()));

    private static float HorizontalMax(Vector256<float> v)
    {
        var q = Vector128.Max(v.GetLower(), v.GetUpper());
        return MathF.Max(MathF.Max(q[0], q[1]), MathF.Max(q[2], q[3]));
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralDx7.Nn.Kernels;

/// <summary>
/// Softmax of one float32 row in vector passes (scale and max, exp and sum, normalise), the row staying in L1
/// throughout. Values below <see cref="Subnormals.NegligibleProbability"/> of the row's peak are 0.
/// A row that is not a multiple of sixteen ends with a vector overlapping the one before it: computed from
/// the pass's input before the loop overwrites it and stored after, it never needs a scalar or padded tail.
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

    private static float HorizontalMax(Vector512<float> v)
    {
        var m = Vector256.Max(v.GetLower(), v.GetUpper());
        var q = Vector128.Max(m.GetLower(), m.GetUpper());
        return MathF.Max(MathF.Max(q[0], q[1]), MathF.Max(q[2], q[3]));
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralDx7.Nn.Kernels;

/// <summary>
/// Layer normalisation of one float32 row whose width is a multiple of sixteen (64 in the small model): the
/// row is read once for its mean, once for its variance and once to write, in registers, where six library
/// calls per 64-wide row cost more in calling than in computing.
/// </summary>
internal static class LayerNormRows
{
    public static bool Fits(int width) => Vector512.IsHardwareAccelerated && width % 16 == 0 && width > 0;

    /// <summary>
    /// hat = (x - mean) / sqrt(var + eps) (hat may be empty when nobody needs it), y = hat * weight + bias
    /// (each optional: empty spans); returns 1 / sqrt(var + eps).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Row(ReadOnlySpan<float> x, Span<float> hat, Span<float> y, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, float eps)
    {
        int n = x.Length;
        var sums = Vector512<float>.Zero;
        for (int i = 0; i < n; i += 16)
        {
            sums += Vector512.Create(x.Slice(i, 16));
        }

        var mean = Vector512.Create(Vector512.Sum(sums) / n);
        var squares = Vector512<float>.Zero;
        for (int i = 0; i < n; i += 16)
        {
            var centred = Vector512.Create(x.Slice(i, 16)) - mean;
            squares += centred * centred;
        }

        float inverse = 1f / MathF.Sqrt((Vector512.Sum(squares) / n) + eps);
        Write(x, hat, y, weight, bias, mean, inverse);
        return inverse;
    }

    /// <summary>
    /// <see cref="Row"/> for every row of <paramref name="x"/> (rows of <paramref name="inverses"/>.Length), four at a
    /// time in step: one row's sums and square root are a chain of dependent steps that leaves the core idle.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Rows(ReadOnlySpan<float> x, Span<float> hat, Span<float> y, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, float eps, Span<float> inverses)
    {
        int rows = inverses.Length, n = x.Length / rows, r = 0;
        for (; r + 4 <= rows; r += 4)
        {
            var x0 = x.Slice(r * n, n);
            var x1 = x.Slice((r + 1) * n, n);
            var x2 = x.Slice((r + 2) * n, n);
            var x3 = x.Slice((r + 3) * n, n);
            Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
            for (int i = 0; i < n; i += 16)
            {
                s0 += Vector512.Create(x0.Slice(i, 16));
                s1 += Vector512.Create(x1.Slice(i, 16));
                s2 += Vector512.Create(x2.Slice(i, 16));
                s3 += Vector512.Create(x3.Slice(i, 16));
            }

            Vector512<float> m0 = Vector512.Create(Vector512.Sum(s0) / n), m1 = Vector512.Create(Vector512.Sum(s1) / n);
            Vector512<float> m2 = Vector512.Create(Vector512.Sum(s2) / n), m3 = Vector512.Create(Vector512.Sum(s3) / n);
            Vector512<float> q0 = default, q1 = default, q2 = default, q3 = default;
            for (int i = 0; i < n; i += 16)
            {
                var c0 = Vector512.Create(x0.Slice(i, 16)) - m0;
                var c1 = Vector512.Create(x1.Slice(i, 16)) - m1;
                var c2 = Vector512.Create(x2.Slice(i, 16)) - m2;
                var c3 = Vector512.Create(x3.Slice(i, 16)) - m3;
                q0 += c0 * c0;
                q1 += c1 * c1;
                q2 += c2 * c2;
                q3 += c3 * c3;
            }

            inverses[r] = 1f / MathF.Sqrt((Vector512.Sum(q0) / n) + eps);
            inverses[r + 1] = 1f / MathF.Sqrt((Vector512.Sum(q1) / n) + eps);
            inverses[r + 2] = 1f / MathF.Sqrt((Vector512.Sum(q2) / n) + eps);
            inverses[r + 3] = 1f / MathF.Sqrt((Vector512.Sum(q3) / n) + eps);
            Write(x0, hat.IsEmpty ? [] : hat.Slice(r * n, n), y.Slice(r * n, n), weight, bias, m0, inverses[r]);
            Write(x1, hat.IsEmpty ? [] : hat.Slice((r + 1) * n, n), y.Slice((r + 1) * n, n), weight, bias, m1, inverses[r + 1]);
            Write(x2, hat.IsEmpty ? [] : hat.Slice((r + 2) * n, n), y.Slice((r + 2) * n, n), weight, bias, m2, inverses[r + 2]);
            Write(x3, hat.IsEmpty ? [] : hat.Slice((r + 3) * n, n), y.Slice((r + 3) * n, n), weight, bias, m3, inverses[r + 3]);
        }

        for (; r < rows; r++)
        {
            inverses[r] = Row(x.Slice(r * n, n), hat.IsEmpty ? [] : hat.Slice(r * n, n), y.Slice(r * n, n), weight, bias, eps);
        }
    }

    // The last pass of a row, its mean and inverse deviation known: independent across rows, so no need to interleave.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Write(ReadOnlySpan<float> x, Span<float> hat, Span<float> y, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Vector512<float> mean, float inverse)
    {
        var scale = Vector512.Create(inverse);
        for (int i = 0; i < x.Length; i += 16)
        {
            var normalised = (Vector512.Create(x.Slice(i, 16)) - mean) * scale;
            if (!hat.IsEmpty)
            {
                normalised.CopyTo(hat.Slice(i, 16));
            }

            var v = weight.IsEmpty ? normalised : normalised * Vector512.Create(weight.Slice(i, 16));
            if (!bias.IsEmpty)
            {
                v += Vector512.Create(bias.Slice(i, 16));
            }

            v.CopyTo(y.Slice(i, 16));
        }
    }
}

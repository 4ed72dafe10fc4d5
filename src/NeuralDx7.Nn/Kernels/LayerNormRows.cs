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
        var scale = Vector512.Create(inverse);
        for (int i = 0; i < n; i += 16)
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

        return inverse;
    }
}

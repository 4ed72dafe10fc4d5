using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralDx7.Nn.Kernels;

/// <summary>GELU for float32 in one pass, sixteen (or eight) at a time: Phi(x) by a rational erf, x Phi(x), and exp(-x^2 / 2) only for training.</summary>
internal static class Gelu
{
    /// <summary>
    /// y = x Phi(x). When <paramref name="cdf"/> and <paramref name="density"/> are not empty they receive Phi(x)
    /// and exp(-x^2 / 2), which the backward pass needs; inference passes empty spans and writes only y.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a hot loop: fully optimised from its first call
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, Span<float> cdf, Span<float> density)
    {
        bool keep = !cdf.IsEmpty;
        int i = 0;
        if (Exponential.IsAccelerated)
        {
            var minusHalf = Vector512.Create(-0.5f);
            for (; i + 16 <= x.Length; i += 16)
            {
                var v = Vector512.Create(x.Slice(i, 16));
                var phi = Erf.NormalCdf(v);
                (v * phi).CopyTo(y.Slice(i, 16));
                if (keep)
                {
                    phi.CopyTo(cdf.Slice(i, 16));
                    Exponential.Exp(v * v * minusHalf).CopyTo(density.Slice(i, 16));
                }
            }
        }
        else if (Exponential.IsAccelerated256)
        {
            var minusHalf = Vector256.Create(-0.5f);
            for (; i + 8 <= x.Length; i += 8)
            {
                var v = Vector256.Create(x.Slice(i, 8));
                var phi = Erf.NormalCdf(v);
                (v * phi).CopyTo(y.Slice(i, 8));
                if (keep)
                {
                    phi.CopyTo(cdf.Slice(i, 8));
                    Exponential.Exp(v * v * minusHalf).CopyTo(density.Slice(i, 8));
                }
            }
        }

        for (; i < x.Length; i++)
        {
            float phi = Erf.NormalCdf(x[i]);
            y[i] = x[i] * phi;
            if (keep)
            {
                cdf[i] = phi;
                density[i] = MathF.Exp(-0.5f * x[i] * x[i]);
            }
        }
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralDx7.Nn.Kernels;

/// <summary>GELU for float32 in one pass: exp(-x^2 / 2), the normal CDF from it, and x Phi(x), sixteen at a time.</summary>
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
                var e = Exponential.Exp(v * v * minusHalf);
                var phi = Erf.NormalCdf(v, e);
                (v * phi).CopyTo(y.Slice(i, 16));
                if (keep)
                {
                    phi.CopyTo(cdf.Slice(i, 16));
                    e.CopyTo(density.Slice(i, 16));
                }
            }
        }

        for (; i < x.Length; i++)
        {
            float e = MathF.Exp(-0.5f * x[i] * x[i]);
            float phi = 0.5f * (1f + Erf.Float(x[i] * 0.70710678f, e));
            y[i] = x[i] * phi;
            if (keep)
            {
                cdf[i] = phi;
                density[i] = e;
            }
        }
    }
}

using System.Numerics;

namespace NeuralDx7.Nn.Kernels;

/// <summary>The plain reference every fast kernel is tested against.</summary>
public static partial class Gemm
{
    /// <summary>The reference: one dot product per element, accumulated in double. Slow and plainly right.</summary>
    public static void Naive<T>(GemmShape shape, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSizes(shape, a.Length, b.Length, c.Length);
        var (m, n, kk, ta, tb) = shape;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < kk; p++)
                {
                    double x = double.CreateChecked(ta ? a[(p * m) + i] : a[(i * kk) + p]);
                    double y = double.CreateChecked(tb ? b[(j * kk) + p] : b[(p * n) + j]);
                    sum += x * y;
                }

                c[(i * n) + j] = (accumulate ? c[(i * n) + j] : T.Zero) + T.CreateChecked(sum);
            }
        }
    }
}

using System.Numerics;
using System.Runtime.InteropServices;

namespace NeuralDx7.Nn.Kernels;

/// <summary>
/// Zeroes values too small to matter. An x86 core takes a microcode assist of ~100 cycles for every subnormal
/// operand, so the tiny probabilities of a trained, peaky softmax would otherwise make every GEMM that touches
/// them (and their gradients) crawl: training slowed by half before this.
/// </summary>
internal static class Subnormals
{
    /// <summary>
    /// Probabilities below 2^-100 are dropped: their products with any gradient stay normal, and they are far
    /// below what a float sum of a row can register anyway.
    /// </summary>
    public const double NegligibleProbability = 7.888609052210118e-31;

    /// <summary>The smallest normal float: below it every float operation is slow.</summary>
    public const double SmallestNormal = 1.1754943508222875e-38;

    /// <summary>Sets every value whose magnitude is below <paramref name="threshold"/> to zero.</summary>
    public static void FlushBelow<T>(Span<T> values, T threshold)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var vectors = MemoryMarshal.Cast<T, Vector<T>>(values);
        var limit = new Vector<T>(threshold);
        for (int i = 0; i < vectors.Length; i++)
        {
            var v = vectors[i];
            vectors[i] = Vector.ConditionalSelect(Vector.LessThan(Vector.Abs(v), limit), Vector<T>.Zero, v);
        }

        for (int i = vectors.Length * Vector<T>.Count; i < values.Length; i++)
        {
            if (T.Abs(values[i]) < threshold)
            {
                values[i] = T.Zero;
            }
        }
    }
}

using System.Numerics;
using NeuralDx7.Nn.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralDx7.Nn;

// Softmax over the last axis, with an optional boolean mask of allowed positions.
public sealed partial class Graph<T>
{
    /// <summary>
    /// Softmax over the last axis of <paramref name="scale"/> * x (attention folds its 1/sqrt scaling in here).
    /// <paramref name="mask"/>, when given, holds rows of the same width that repeat over the tensor's rows
    /// (a [155, 155] attention mask serves every batch entry and head); false entries get probability 0.
    /// A row with nothing allowed is all zeros.
    /// </summary>
    public Tensor<T> Softmax(Tensor<T> x, ReadOnlyMemory<bool> mask = default, double scale = 1)
    {
        int n = x.Dim(-1), rows = x.Rows;
        if (!mask.IsEmpty && (mask.Length % n != 0 || rows % (mask.Length / n) != 0))
        {
            throw new ArgumentException($"A mask of {mask.Length} values does not tile rows of {n} in {x}.", nameof(mask));
        }

        int maskRows = mask.IsEmpty ? 0 : mask.Length / n;
        T factor = Cast(scale);
        var y = NewTensor(x.ShapeArray, Tracks(x));
        var maskSpan = mask.Span;
        T negligible = Cast(Subnormals.NegligibleProbability);
        for (int r = 0; r < rows; r++)
        {
            var yr = y.Data.Slice(r * n, n);
            TP.Multiply(x.Data.Slice(r * n, n), factor, yr);
            if (maskRows == 0)
            {
                // exp(v - max) once per value, vectorised: the shift keeps exp finite.
                TP.Subtract(yr, TP.Max<T>(yr), yr);
                TP.Exp<T>(yr, yr);
                Subnormals.FlushBelow(yr, negligible);
                TP.Multiply(yr, T.One / TP.Sum<T>(yr), yr);
                continue;
            }

            var allowed = maskSpan.Slice(r % maskRows * n, n);
            T max = T.NegativeInfinity;
            for (int j = 0; j < n; j++)
            {
                if (allowed[j] && yr[j] > max)
                {
                    max = yr[j];
                }
            }

            T sum = T.Zero;
            for (int j = 0; j < n; j++)
            {
                yr[j] = allowed[j] ? T.Exp(yr[j] - max) : T.Zero;
                sum += yr[j];
            }

            Subnormals.FlushBelow(yr, negligible);
            if (sum > T.Zero)
            {
                TP.Divide(yr, sum, yr);
            }
        }

        if (y.RequiresGrad)
        {
            OnBackward(() => // dx = scale y (dy - sum(dy y))
            {
                var centred = Scratch(n).AsSpan(0, n);
                T smallest = Cast(Subnormals.SmallestNormal);
                for (int r = 0; r < rows; r++)
                {
                    var yr = y.Data.Slice(r * n, n);
                    var dyr = y.Grad.Slice(r * n, n);
                    var dxr = x.Grad.Slice(r * n, n);
                    TP.Subtract(dyr, TP.Dot<T>(dyr, yr), centred);
                    TP.Multiply(centred, factor, centred);
                    TP.MultiplyAdd<T>(yr, centred, dxr, dxr);
                    Subnormals.FlushBelow(dxr, smallest);
                }
            });
        }

        return y;
    }
}

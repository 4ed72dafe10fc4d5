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
        for (int r = 0; r < rows; r++)
        {
            var yr = y.Data.Slice(r * n, n);
            if (maskRows == 0)
            {
                SoftmaxRow(x.Data.Slice(r * n, n), yr, factor);
            }
            else
            {
                MaskedSoftmaxRow(x.Data.Slice(r * n, n), maskSpan.Slice(r % maskRows * n, n), yr, factor);
            }
        }

        if (y.RequiresGrad)
        {
            OnBackward(() =>
            {
                var dxr = Scratch(n).AsSpan(0, n);
                for (int r = 0; r < rows; r++)
                {
                    y.Grad.Slice(r * n, n).CopyTo(dxr);
                    SoftmaxRowGradient(y.Data.Slice(r * n, n), dxr, factor);
                    var dx = x.Grad.Slice(r * n, n);
                    TP.Add<T>(dx, dxr, dx);
                }
            });
        }

        return y;
    }

    /// <summary>y = softmax(factor * x) for one row; probabilities too small to matter are 0 (see <see cref="Subnormals"/>).</summary>
    private static void SoftmaxRow(ReadOnlySpan<T> x, Span<T> y, T factor)
    {
        T sum = SoftmaxNumerators(x, y, factor);
        if (typeof(T) == typeof(float))
        {
            SoftmaxRows.Normalise(AsFloats(y[..x.Length]), 1f / float.CreateChecked(sum));
        }
        else
        {
            TP.Multiply(y[..x.Length], T.One / sum, y);
        }
    }

    /// <summary>y = exp(factor * x - max): the softmax before dividing by the sum, which is returned.</summary>
    private static T SoftmaxNumerators(ReadOnlySpan<T> x, Span<T> y, T factor)
    {
        if (typeof(T) == typeof(float))
        {
            return T.CreateChecked(SoftmaxRows.Numerators(AsFloats(x), AsFloats(y), float.CreateChecked(factor)));
        }

        // exp(v - max) once per value: the shift keeps exp finite.
        var row = y[..x.Length];
        TP.Multiply(x, factor, row);
        TP.Subtract(row, TP.Max<T>(row), row);
        TP.Exp<T>(row, row);
        Subnormals.FlushBelow(row, Cast(Subnormals.NegligibleProbability));
        return TP.Sum<T>(row);
    }

    private static void MaskedSoftmaxRow(ReadOnlySpan<T> x, ReadOnlySpan<bool> allowed, Span<T> y, T factor)
    {
        var (_, sum) = MaskedSoftmaxNumerators(x, allowed, y, factor);
        Subnormals.FlushBelow(y, Cast(Subnormals.NegligibleProbability));
        if (sum > T.Zero)
        {
            TP.Divide(y, sum, y);
        }
    }

    /// <summary>
    /// y = exp(factor * x - max) where allowed, 0 elsewhere, the max taken over the allowed values; returns that max
    /// and the sum. The masked softmax divides by the sum; cross-entropy also needs the max for its logsumexp.
    /// </summary>
    private static (T Max, T Sum) MaskedSoftmaxNumerators(ReadOnlySpan<T> x, ReadOnlySpan<bool> allowed, Span<T> y, T factor)
    {
        int n = x.Length;
        T max = T.NegativeInfinity;
        for (int j = 0; j < n; j++)
        {
            y[j] = x[j] * factor;
            if (allowed[j] && y[j] > max)
            {
                max = y[j];
            }
        }

        T sum = T.Zero;
        for (int j = 0; j < n; j++)
        {
            y[j] = allowed[j] ? T.Exp(y[j] - max) : T.Zero;
            sum += y[j];
        }

        return (max, sum);
    }

    /// <summary>In place, dy becomes dx = factor y (dy - sum(dy y)): the gradient through one softmax row.</summary>
    private static void SoftmaxRowGradient(ReadOnlySpan<T> y, Span<T> dy, T factor)
    {
        TP.Subtract(dy, TP.Dot(dy, y), dy);
        TP.Multiply(dy, y, dy);
        TP.Multiply(dy, factor, dy);
        Subnormals.FlushBelow(dy, Cast(Subnormals.SmallestNormal));
    }
}

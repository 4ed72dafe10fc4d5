using NeuralDx7.Nn.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralDx7.Nn;

// Moving elements around: views, permutations, slices, reversal.
public sealed partial class Graph<T>
{
    /// <summary>The same elements under another shape; one size may be -1 and is inferred. Shares storage and gradient.</summary>
    public Tensor<T> Reshape(Tensor<T> x, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var resolved = (int[])shape.Clone();
        int unknown = Array.IndexOf(resolved, -1);
        if (unknown >= 0)
        {
            int known = 1;
            for (int i = 0; i < resolved.Length; i++)
            {
                known *= i == unknown ? 1 : resolved[i];
            }

            resolved[unknown] = known == 0 ? 0 : x.Length / known;
        }

        if (Tensor<T>.ShapeLength(resolved) != x.Length)
        {
            throw new ArgumentException($"Cannot reshape {x} to {ShapeMath.Show(shape)}.");
        }

        return x.View(resolved);
    }

    /// <summary>Axes reordered: result axis i is input axis <paramref name="order"/>[i].</summary>
    public Tensor<T> Permute(Tensor<T> x, params int[] order)
    {
        ArgumentNullException.ThrowIfNull(order);
        int rank = x.Rank;
        if (order.Length != rank || order.Distinct().Count() != rank || order.Any(o => o < 0 || o >= rank))
        {
            throw new ArgumentException($"{ShapeMath.Show(order)} is not an ordering of the axes of {x}.");
        }

        int[] shape = [.. order.Select(o => x.ShapeArray[o])];
        var y = NewTensor(shape, Tracks(x));
        var inStrides = ShapeMath.Strides(x.Shape);
        int[] strides = [.. order.Select(o => inStrides[o])]; // input stride of each output axis
        CopyPermuted(x.Data, y.Data, shape, strides, add: false);
        if (y.RequiresGrad)
        {
            // The gradient goes back through the inverse permutation.
            var inverse = new int[rank];
            for (int i = 0; i < rank; i++)
            {
                inverse[order[i]] = i;
            }

            var outStrides = ShapeMath.Strides(shape);
            int[] back = [.. inverse.Select(i => outStrides[i])];
            OnBackward(() => CopyPermuted(y.Grad, x.Grad, x.ShapeArray, back, add: true));
        }

        return y;
    }

    /// <summary>Two axes swapped.</summary>
    public Tensor<T> Transpose(Tensor<T> x, int axis1, int axis2)
    {
        var order = Enumerable.Range(0, x.Rank).ToArray();
        int a = ShapeMath.Axis(axis1, x.Rank), b = ShapeMath.Axis(axis2, x.Rank);
        (order[a], order[b]) = (order[b], order[a]);
        return Permute(x, order);
    }

    /// <summary><paramref name="length"/> entries of one axis from <paramref name="start"/>.</summary>
    public Tensor<T> Slice(Tensor<T> x, int axis, int start, int length)
    {
        int a = ShapeMath.Axis(axis, x.Rank);
        var (outer, dim, inner) = ShapeMath.Around(x.Shape, a);
        if (start < 0 || length < 0 || start + length > dim)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"Entries {start}..{start + length - 1} are outside axis {axis} of {x}.");
        }

        var shape = x.ShapeArray.ToArray();
        shape[a] = length;
        var y = NewTensor(shape, Tracks(x));
        int block = length * inner;
        for (int o = 0; o < outer; o++)
        {
            x.Data.Slice(((o * dim) + start) * inner, block).CopyTo(y.Data.Slice(o * block, block));
        }

        if (y.RequiresGrad)
        {
            OnBackward(() =>
            {
                for (int o = 0; o < outer; o++)
                {
                    var dx = x.Grad.Slice(((o * dim) + start) * inner, block);
                    TP.Add<T>(dx, y.Grad.Slice(o * block, block), dx);
                }
            });
        }

        return y;
    }

    /// <summary>The order of one axis reversed (the reversal permutation of odd Sylvester flows).</summary>
    public Tensor<T> Flip(Tensor<T> x, int axis)
    {
        int a = ShapeMath.Axis(axis, x.Rank);
        var (outer, dim, inner) = ShapeMath.Around(x.Shape, a);
        var y = NewTensor(x.ShapeArray, Tracks(x));
        FlipInto(x.Data, y.Data, outer, dim, inner, add: false);
        if (y.RequiresGrad)
        {
            OnBackward(() => FlipInto(y.Grad, x.Grad, outer, dim, inner, add: true));
        }

        return y;
    }

    private static void FlipInto(ReadOnlySpan<T> from, Span<T> to, int outer, int dim, int inner, bool add)
    {
        for (int o = 0; o < outer; o++)
        {
            for (int d = 0; d < dim; d++)
            {
                var src = from.Slice(((o * dim) + d) * inner, inner);
                var dst = to.Slice(((o * dim) + (dim - 1 - d)) * inner, inner);
                if (add)
                {
                    TP.Add(dst, src, dst);
                }
                else
                {
                    src.CopyTo(dst);
                }
            }
        }
    }

    // Writes (or adds) to a dense output of `shape` the input element at sum(index[i] * strides[i]).
    // When the last axis is contiguous in the input, whole runs are copied at once.
    private static void CopyPermuted(ReadOnlySpan<T> input, Span<T> output, int[] shape, int[] strides, bool add)
    {
        int rank = shape.Length;
        if (rank == 0)
        {
            output[0] = add ? output[0] + input[0] : input[0];
            return;
        }

        int run = strides[rank - 1] == 1 ? shape[rank - 1] : 1;
        int outerRank = run > 1 ? rank - 1 : rank;
        int total = Tensor<T>.ShapeLength(shape);
        Span<int> index = stackalloc int[rank];
        index.Clear();
        int source = 0;
        for (int o = 0; o < total; o += run)
        {
            if (run > 1)
            {
                var src = input.Slice(source, run);
                var dst = output.Slice(o, run);
                if (add)
                {
                    TP.Add(dst, src, dst);
                }
                else
                {
                    src.CopyTo(dst);
                }
            }
            else
            {
                output[o] = add ? output[o] + input[source] : input[source];
            }

            for (int axis = outerRank - 1; axis >= 0; axis--)
            {
                index[axis]++;
                source += strides[axis];
                if (index[axis] < shape[axis])
                {
                    break;
                }

                source -= strides[axis] * shape[axis];
                index[axis] = 0;
            }
        }
    }
}

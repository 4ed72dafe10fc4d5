using NeuralDx7.Nn.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralDx7.Nn;

// Sums and means over one axis, or over everything.
public sealed partial class Graph<T>
{
    /// <summary>Sum over one axis, which disappears from the shape.</summary>
    public Tensor<T> Sum(Tensor<T> x, int axis) => Reduce(x, axis, mean: false);

    /// <summary>Mean over one axis, which disappears from the shape.</summary>
    public Tensor<T> Mean(Tensor<T> x, int axis) => Reduce(x, axis, mean: true);

    /// <summary>Sum of every element, a scalar (shape []).</summary>
    public Tensor<T> SumAll(Tensor<T> x) => Reduce(x.View([x.Length]), 0, mean: false);

    /// <summary>Mean of every element, a scalar (shape []).</summary>
    public Tensor<T> MeanAll(Tensor<T> x) => Reduce(x.View([x.Length]), 0, mean: true);

    private Tensor<T> Reduce(Tensor<T> x, int axis, bool mean)
    {
        int a = ShapeMath.Axis(axis, x.Rank);
        var (outer, dim, inner) = ShapeMath.Around(x.Shape, a);
        int[] shape = [.. x.ShapeArray[..a], .. x.ShapeArray[(a + 1)..]];
        var y = NewTensor(shape, Tracks(x), clear: true);
        T scale = mean ? T.One / T.CreateChecked(Math.Max(dim, 1)) : T.One;
        for (int o = 0; o < outer; o++)
        {
            var yo = y.Data.Slice(o * inner, inner);
            for (int d = 0; d < dim; d++)
            {
                TP.Add<T>(yo, x.Data.Slice(((o * dim) + d) * inner, inner), yo);
            }

            if (mean)
            {
                TP.Multiply(yo, scale, yo);
            }
        }

        if (y.RequiresGrad)
        {
            OnBackward(() => // every summed element gets the output's gradient (scaled for a mean)
            {
                for (int o = 0; o < outer; o++)
                {
                    var dyo = y.Grad.Slice(o * inner, inner);
                    for (int d = 0; d < dim; d++)
                    {
                        var dx = x.Grad.Slice(((o * dim) + d) * inner, inner);
                        TP.MultiplyAdd(dyo, scale, dx, dx);
                    }
                }
            });
        }

        return y;
    }
}

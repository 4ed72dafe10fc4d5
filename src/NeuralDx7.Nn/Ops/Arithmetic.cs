using System.Numerics;
using NeuralDx7.Nn.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralDx7.Nn;

// Element-wise arithmetic with NumPy broadcasting. The backward of a broadcast input sums the
// gradient over the axes it was repeated along.
public sealed partial class Graph<T>
{
    /// <summary>a + b, broadcasting.</summary>
    public Tensor<T> Add(Tensor<T> a, Tensor<T> b) => Binary(a, b, BinaryOp.Add);

    /// <summary>a - b, broadcasting.</summary>
    public Tensor<T> Subtract(Tensor<T> a, Tensor<T> b) => Binary(a, b, BinaryOp.Subtract);

    /// <summary>a * b element by element, broadcasting.</summary>
    public Tensor<T> Multiply(Tensor<T> a, Tensor<T> b) => Binary(a, b, BinaryOp.Multiply);

    /// <summary>x * s for a constant s.</summary>
    public Tensor<T> Scale(Tensor<T> x, double s)
    {
        T factor = Cast(s);
        var y = NewTensor(x.ShapeArray, Tracks(x));
        TP.Multiply<T>(x.Data, factor, y.Data);
        if (y.RequiresGrad)
        {
            OnBackward(() => TP.MultiplyAdd<T>(y.Grad, factor, x.Grad, x.Grad));
        }

        return y;
    }

    /// <summary>x + s for a constant s.</summary>
    public Tensor<T> AddScalar(Tensor<T> x, double s)
    {
        var y = NewTensor(x.ShapeArray, Tracks(x));
        TP.Add<T>(x.Data, Cast(s), y.Data);
        if (y.RequiresGrad)
        {
            OnBackward(() => TP.Add<T>(x.Grad, y.Grad, x.Grad));
        }

        return y;
    }

    private enum BinaryOp
    {
        Add,
        Subtract,
        Multiply,
    }

    private Tensor<T> Binary(Tensor<T> a, Tensor<T> b, BinaryOp op)
    {
        var shape = ShapeMath.BroadcastShape(a.Shape, b.Shape);
        var y = NewTensor(shape, Tracks(a, b));

        // Forward: same shapes, a repeated trailing block (biases, positional tables), or the general case.
        if (ShapeMath.SameShape(a.Shape, b.Shape))
        {
            Apply(op, a.Data, b.Data, y.Data);
        }
        else if (ShapeMath.SameShape(a.Shape, shape) && ShapeMath.IsTrailingBlock(b.Shape, shape))
        {
            for (int start = 0; start < y.Length; start += b.Length)
            {
                Apply(op, a.Data.Slice(start, b.Length), b.Data, y.Data.Slice(start, b.Length));
            }
        }
        else
        {
            var sa = ShapeMath.BroadcastStrides(a.Shape, shape);
            var sb = ShapeMath.BroadcastStrides(b.Shape, shape);
            var ad = a.DataArray;
            var bd = b.DataArray;
            var yd = y.DataArray;
            Odometer(shape, sa, sb, (i, ia, ib) => yd[i] = Apply(op, ad[ia], bd[ib]));
        }

        if (y.RequiresGrad)
        {
            OnBackward(() => BinaryBackward(a, b, y, op, shape));
        }

        return y;
    }

    // d(a+b) = dy, d(a-b) = (dy, -dy), d(ab) = (dy b, dy a), each summed back to its input's shape.
    private static void BinaryBackward(Tensor<T> a, Tensor<T> b, Tensor<T> y, BinaryOp op, int[] shape)
    {
        var dy = y.GradArray!;
        var sa = ShapeMath.BroadcastStrides(a.Shape, shape);
        var sb = ShapeMath.BroadcastStrides(b.Shape, shape);
        var ad = a.DataArray;
        var bd = b.DataArray;
        if (a.RequiresGrad)
        {
            var ga = a.GradArray!;
            if (ShapeMath.SameShape(a.Shape, shape))
            {
                switch (op)
                {
                    case BinaryOp.Multiply when ShapeMath.SameShape(b.Shape, shape): TP.MultiplyAdd<T>(y.Grad, b.Data, a.Grad, a.Grad); break;
                    case BinaryOp.Multiply: Odometer(shape, sa, sb, (i, ia, ib) => ga[ia] += dy[i] * bd[ib]); break;
                    default: TP.Add<T>(a.Grad, y.Grad, a.Grad); break;
                }
            }
            else
            {
                Odometer(shape, sa, sb, (i, ia, ib) => ga[ia] += op == BinaryOp.Multiply ? dy[i] * bd[ib] : dy[i]);
            }
        }

        if (b.RequiresGrad)
        {
            var gb = b.GradArray!;
            if (ShapeMath.SameShape(b.Shape, shape))
            {
                switch (op)
                {
                    case BinaryOp.Multiply when ShapeMath.SameShape(a.Shape, shape): TP.MultiplyAdd<T>(y.Grad, a.Data, b.Grad, b.Grad); break;
                    case BinaryOp.Multiply: Odometer(shape, sa, sb, (i, ia, ib) => gb[ib] += dy[i] * ad[ia]); break;
                    case BinaryOp.Subtract: TP.Subtract<T>(b.Grad, y.Grad, b.Grad); break;
                    default: TP.Add<T>(b.Grad, y.Grad, b.Grad); break;
                }
            }
            else if (op != BinaryOp.Multiply && ShapeMath.SameShape(a.Shape, shape) && ShapeMath.IsTrailingBlock(b.Shape, shape))
            {
                for (int start = 0; start < y.Length; start += b.Length)
                {
                    var block = y.Grad.Slice(start, b.Length);
                    if (op == BinaryOp.Subtract)
                    {
                        TP.Subtract<T>(b.Grad, block, b.Grad);
                    }
                    else
                    {
                        TP.Add<T>(b.Grad, block, b.Grad);
                    }
                }
            }
            else
            {
                Odometer(shape, sa, sb, (i, ia, ib) => gb[ib] += op switch
                {
                    BinaryOp.Multiply => dy[i] * ad[ia],
                    BinaryOp.Subtract => -dy[i],
                    _ => dy[i],
                });
            }
        }
    }

    private static void Apply(BinaryOp op, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y)
    {
        switch (op)
        {
            case BinaryOp.Add: TP.Add(a, b, y); break;
            case BinaryOp.Subtract: TP.Subtract(a, b, y); break;
            default: TP.Multiply(a, b, y); break;
        }
    }

    private static T Apply(BinaryOp op, T a, T b) => op switch
    {
        BinaryOp.Add => a + b,
        BinaryOp.Subtract => a - b,
        _ => a * b,
    };

    /// <summary>Visits every element of a broadcast result with the matching offsets into both inputs.</summary>
    private static void Odometer(int[] shape, int[] stridesA, int[] stridesB, Action<int, int, int> visit)
    {
        int rank = shape.Length;
        int length = Tensor<T>.ShapeLength(shape);
        Span<int> index = stackalloc int[Math.Max(rank, 1)];
        index.Clear();
        int ia = 0, ib = 0;
        for (int i = 0; i < length; i++)
        {
            visit(i, ia, ib);
            for (int axis = rank - 1; axis >= 0; axis--)
            {
                index[axis]++;
                ia += stridesA[axis];
                ib += stridesB[axis];
                if (index[axis] < shape[axis])
                {
                    break;
                }

                ia -= stridesA[axis] * shape[axis];
                ib -= stridesB[axis] * shape[axis];
                index[axis] = 0;
            }
        }
    }
}

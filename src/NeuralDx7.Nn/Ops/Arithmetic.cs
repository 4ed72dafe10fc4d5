using NeuralDx7.Nn.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralDx7.Nn;

// Element-wise arithmetic with NumPy broadcasting. The backward of a broadcast input sums the
// gradient over the axes it was repeated along. Biases and positional tables (a block repeated
// along the leading axes) run a block at a time; other broadcasts, element by element.
public sealed partial class Graph<T>
{
    /// <summary>a + b, broadcasting.</summary>
    public Tensor<T> Add(Tensor<T> a, Tensor<T> b) => Binary(a, b, BinaryOp.Add);

    /// <summary>a - b, broadcasting.</summary>
    public Tensor<T> Subtract(Tensor<T> a, Tensor<T> b) => Binary(a, b, BinaryOp.Subtract);

    /// <summary>a * b element by element, broadcasting.</summary>
    public Tensor<T> Multiply(Tensor<T> a, Tensor<T> b) => Binary(a, b, BinaryOp.Multiply);

    /// <summary>
    /// x * scale + shift in one pass (FiLM's gamma * x + beta). scale and shift have one shape: x's own, or a
    /// block of x's trailing axes that repeats over the leading ones (a positional table).
    /// </summary>
    public Tensor<T> MultiplyAdd(Tensor<T> x, Tensor<T> scale, Tensor<T> shift)
    {
        if (!ShapeMath.SameShape(scale.Shape, shift.Shape) || !(ShapeMath.SameShape(scale.Shape, x.Shape) || ShapeMath.IsTrailingBlock(scale.Shape, x.ShapeArray)))
        {
            throw new ArgumentException($"MultiplyAdd needs a scale and a shift of one shape that tiles {x}, not {scale} and {shift}.");
        }

        int block = scale.Length;
        var y = NewTensor(x.ShapeArray, Tracks(x, scale, shift));
        for (int start = 0; start < x.Length; start += block)
        {
            TP.MultiplyAdd(x.Data.Slice(start, block), scale.Data, shift.Data, y.Data.Slice(start, block));
        }

        if (y.RequiresGrad)
        {
            OnBackward(() =>
            {
                for (int start = 0; start < x.Length; start += block)
                {
                    var dy = y.Grad.Slice(start, block);
                    if (x.RequiresGrad) // dx = dy scale
                    {
                        var dx = x.Grad.Slice(start, block);
                        TP.MultiplyAdd(dy, scale.Data, dx, dx);
                    }

                    if (scale.RequiresGrad) // dscale = sum of dy x over the repeats
                    {
                        TP.MultiplyAdd(dy, x.Data.Slice(start, block), scale.Grad, scale.Grad);
                    }

                    if (shift.RequiresGrad) // dshift = sum of dy over the repeats
                    {
                        TP.Add(shift.Grad, dy, shift.Grad);
                    }
                }
            });
        }

        return y;
    }

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

    /// <summary>How the two operands of a broadcast op line up with the result.</summary>
    private enum Layout
    {
        /// <summary>Both have the result's shape.</summary>
        Same,
        /// <summary>a has the result's shape; b repeats as a block of its trailing axes (a bias, a positional table).</summary>
        BlockB,
        /// <summary>b has the result's shape; a repeats as a block.</summary>
        BlockA,
        /// <summary>Anything else NumPy allows: visited element by element.</summary>
        General,
    }

    // Forward and backward side by side, for every broadcast kind: longer than 80 lines, so the backward is read beside the forward it undoes.
    private Tensor<T> Binary(Tensor<T> a, Tensor<T> b, BinaryOp op)
    {
        var shape = ShapeMath.BroadcastShape(a.Shape, b.Shape);
        var y = NewTensor(shape, Tracks(a, b));
        bool fullA = ShapeMath.SameShape(a.Shape, shape), fullB = ShapeMath.SameShape(b.Shape, shape);
        var layout = fullA && fullB ? Layout.Same
            : fullA && ShapeMath.IsTrailingBlock(b.Shape, shape) ? Layout.BlockB
            : fullB && ShapeMath.IsTrailingBlock(a.Shape, shape) ? Layout.BlockA
            : Layout.General;

        switch (layout)
        {
            case Layout.Same:
                Apply(op, a.Data, b.Data, y.Data);
                break;
            case Layout.BlockB:
                for (int start = 0; start < y.Length; start += b.Length)
                {
                    Apply(op, a.Data.Slice(start, b.Length), b.Data, y.Data.Slice(start, b.Length));
                }

                break;
            case Layout.BlockA:
                for (int start = 0; start < y.Length; start += a.Length)
                {
                    Apply(op, a.Data, b.Data.Slice(start, a.Length), y.Data.Slice(start, a.Length));
                }

                break;
            default:
                var sa = ShapeMath.BroadcastStrides(a.Shape, shape);
                var sb = ShapeMath.BroadcastStrides(b.Shape, shape);
                var ad = a.DataArray;
                var bd = b.DataArray;
                var yd = y.DataArray;
                Odometer(shape, sa, sb, (i, ia, ib) => yd[i] = Apply(op, ad[ia], bd[ib]));
                break;
        }

        if (y.RequiresGrad)
        {
            OnBackward(() =>
            {
                if (layout == Layout.General)
                {
                    GeneralBackward(a, b, y, op, shape);
                    return;
                }

                // Walk the result in blocks the size of the smaller operand (the whole result when shapes agree).
                int block = layout switch { Layout.BlockB => b.Length, Layout.BlockA => a.Length, _ => y.Length };
                for (int start = 0; start < y.Length; start += block)
                {
                    var dy = y.Grad.Slice(start, block);
                    var av = layout == Layout.BlockA ? a.Data : a.Data.Slice(start, block);
                    var bv = layout == Layout.BlockB ? b.Data : b.Data.Slice(start, block);
                    if (a.RequiresGrad)
                    {
                        var ga = layout == Layout.BlockA ? a.Grad : a.Grad.Slice(start, block);
                        if (op == BinaryOp.Multiply)
                        {
                            TP.MultiplyAdd(dy, bv, ga, ga); // d(ab)/da = b
                        }
                        else
                        {
                            TP.Add(ga, dy, ga);
                        }
                    }

                    if (b.RequiresGrad)
                    {
                        var gb = layout == Layout.BlockB ? b.Grad : b.Grad.Slice(start, block);
                        switch (op)
                        {
                            case BinaryOp.Multiply: TP.MultiplyAdd(dy, av, gb, gb); break; // d(ab)/db = a
                            case BinaryOp.Subtract: TP.Subtract(gb, dy, gb); break;
                            default: TP.Add(gb, dy, gb); break;
                        }
                    }
                }
            });
        }

        return y;
    }

    // Each element's gradient, summed back to its input's shape through the broadcast strides.
    private static void GeneralBackward(Tensor<T> a, Tensor<T> b, Tensor<T> y, BinaryOp op, int[] shape)
    {
        var dy = y.GradArray!;
        var sa = ShapeMath.BroadcastStrides(a.Shape, shape);
        var sb = ShapeMath.BroadcastStrides(b.Shape, shape);
        var ad = a.DataArray;
        var bd = b.DataArray;
        if (a.RequiresGrad)
        {
            var ga = a.GradArray!;
            Odometer(shape, sa, sb, (i, ia, ib) => ga[ia] += op == BinaryOp.Multiply ? dy[i] * bd[ib] : dy[i]);
        }

        if (b.RequiresGrad)
        {
            var gb = b.GradArray!;
            Odometer(shape, sa, sb, (i, ia, ib) => gb[ib] += op switch
            {
                BinaryOp.Multiply => dy[i] * ad[ia],
                BinaryOp.Subtract => -dy[i],
                _ => dy[i],
            });
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

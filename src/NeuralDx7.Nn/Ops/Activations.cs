using NeuralDx7.Nn.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralDx7.Nn;

// Element-wise functions. Each backward multiplies the incoming gradient by the local derivative,
// written in terms of what the forward already computed.
public sealed partial class Graph<T>
{
    private static readonly T InverseSqrtTwoPi = T.CreateChecked(1.0 / Math.Sqrt(2 * Math.PI));

    /// <summary>GELU, the exact form PyTorch uses by default: x * Phi(x), Phi the standard normal CDF.</summary>
    public Tensor<T> Gelu(Tensor<T> x)
    {
        var y = NewTensor(x.ShapeArray, Tracks(x));
        var xs = x.Data;
        if (typeof(T) == typeof(float) && !y.RequiresGrad)
        {
            Kernels.Gelu.Forward(AsFloats(xs), AsFloats(y.Data), [], []);
            return y;
        }

        var cdf = Scratch(x.Length);
        var density = Scratch(x.Length); // exp(-x^2 / 2), the normal density times sqrt(2 pi)
        if (typeof(T) == typeof(float))
        {
            Kernels.Gelu.Forward(AsFloats(xs), AsFloats(y.Data), AsFloats(cdf.AsSpan(0, x.Length)), AsFloats(density.AsSpan(0, x.Length)));
        }
        else
        {
            for (int i = 0; i < xs.Length; i++)
            {
                density[i] = T.Exp(xs[i] * xs[i] * Cast(-0.5));
                cdf[i] = Cast(0.5) * (T.One + Erf.Generic(xs[i] * Cast(1 / Math.Sqrt(2))));
            }

            TP.Multiply<T>(xs, cdf.AsSpan(0, x.Length), y.Data);
        }

        if (y.RequiresGrad)
        {
            // d/dx x Phi(x) = Phi(x) + x phi(x)
            OnBackward(() =>
            {
                var slope = Scratch(x.Length).AsSpan(0, x.Length);
                TP.Multiply<T>(x.Data, density.AsSpan(0, x.Length), slope);
                TP.MultiplyAdd<T>(slope, InverseSqrtTwoPi, cdf.AsSpan(0, x.Length), slope);
                TP.MultiplyAdd<T>(y.Grad, slope, x.Grad, x.Grad);
            });
        }

        return y;
    }

    public Tensor<T> Tanh(Tensor<T> x)
    {
        var y = NewTensor(x.ShapeArray, Tracks(x));
        TP.Tanh<T>(x.Data, y.Data);
        if (y.RequiresGrad)
        {
            OnBackward(() => // dx = dy (1 - y^2)
            {
                var dx = x.Grad; var dy = y.Grad; var yv = y.Data;
                for (int i = 0; i < dx.Length; i++)
                {
                    dx[i] += dy[i] * (T.One - (yv[i] * yv[i]));
                }
            });
        }

        return y;
    }

    public Tensor<T> Sigmoid(Tensor<T> x)
    {
        var y = NewTensor(x.ShapeArray, Tracks(x));
        TP.Sigmoid<T>(x.Data, y.Data);
        if (y.RequiresGrad)
        {
            OnBackward(() => // dx = dy y (1 - y)
            {
                var dx = x.Grad; var dy = y.Grad; var yv = y.Data;
                for (int i = 0; i < dx.Length; i++)
                {
                    dx[i] += dy[i] * yv[i] * (T.One - yv[i]);
                }
            });
        }

        return y;
    }

    public Tensor<T> Exp(Tensor<T> x)
    {
        var y = NewTensor(x.ShapeArray, Tracks(x));
        TP.Exp<T>(x.Data, y.Data);
        if (y.RequiresGrad)
        {
            OnBackward(() => TP.MultiplyAdd<T>(y.Grad, y.Data, x.Grad, x.Grad)); // dx = dy y
        }

        return y;
    }

    public Tensor<T> Log(Tensor<T> x)
    {
        var y = NewTensor(x.ShapeArray, Tracks(x));
        TP.Log<T>(x.Data, y.Data);
        if (y.RequiresGrad)
        {
            OnBackward(() => // dx = dy / x
            {
                var dx = x.Grad; var dy = y.Grad; var xv = x.Data;
                for (int i = 0; i < dx.Length; i++)
                {
                    dx[i] += dy[i] / xv[i];
                }
            });
        }

        return y;
    }

    /// <summary>|x|; the gradient at 0 is 0, as PyTorch's.</summary>
    public Tensor<T> Abs(Tensor<T> x)
    {
        var y = NewTensor(x.ShapeArray, Tracks(x));
        TP.Abs<T>(x.Data, y.Data);
        if (y.RequiresGrad)
        {
            OnBackward(() => // dx = dy sign(x); sign(NaN) is NaN, as PyTorch's, so a NaN carries on instead of throwing
            {
                var dx = x.Grad; var dy = y.Grad; var xv = x.Data;
                for (int i = 0; i < dx.Length; i++)
                {
                    T sign = xv[i] > T.Zero ? T.One : xv[i] < T.Zero ? -T.One : T.IsNaN(xv[i]) ? xv[i] : T.Zero;
                    dx[i] += dy[i] * sign;
                }
            });
        }

        return y;
    }

    /// <summary>x limited to [min, max]; the gradient passes where x is inside (bounds included), as PyTorch's clamp.</summary>
    public Tensor<T> Clamp(Tensor<T> x, double min, double max)
    {
        T lo = Cast(min), hi = Cast(max);
        var y = NewTensor(x.ShapeArray, Tracks(x));
        TP.Clamp<T>(x.Data, lo, hi, y.Data);
        if (y.RequiresGrad)
        {
            OnBackward(() =>
            {
                var dx = x.Grad; var dy = y.Grad; var xv = x.Data;
                for (int i = 0; i < dx.Length; i++)
                {
                    if (xv[i] >= lo && xv[i] <= hi)
                    {
                        dx[i] += dy[i];
                    }
                }
            });
        }

        return y;
    }
}

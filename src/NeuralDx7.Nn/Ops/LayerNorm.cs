using NeuralDx7.Nn.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralDx7.Nn;

// Layer normalisation over the last axis, with or without a learned scale and shift.
public sealed partial class Graph<T>
{
    /// <summary>
    /// (x - mean) / sqrt(var + eps) per row of the last axis (biased variance, as PyTorch), then
    /// times <paramref name="weight"/> plus <paramref name="bias"/> when they are given.
    /// </summary>
    public Tensor<T> LayerNorm(Tensor<T> x, Tensor<T>? weight, Tensor<T>? bias, double eps = 1e-5)
    {
        int n = x.Dim(-1), rows = x.Rows;
        if ((weight is not null && weight.Length != n) || (bias is not null && bias.Length != n))
        {
            throw new ArgumentException($"LayerNorm of {x} needs a weight and bias of {n} values.");
        }

        var y = NewTensor(x.ShapeArray, Tracks(x, weight, bias));
        bool fast = typeof(T) == typeof(float) && LayerNormRows.Fits(n);
        var normalised = y.RequiresGrad || !fast ? Scratch(x.Length) : []; // kept for the backward pass
        var inverseStd = y.RequiresGrad || !fast ? Scratch(rows) : [];
        T count = T.CreateChecked(n), epsilon = Cast(eps);
        if (fast)
        {
            var inverses = AsFloats((inverseStd.Length > 0 ? inverseStd : Scratch(rows)).AsSpan(0, rows));
            LayerNormRows.Rows(
                AsFloats(x.Data),
                normalised.Length == 0 ? [] : AsFloats(normalised.AsSpan(0, x.Length)),
                AsFloats(y.Data),
                weight is null ? [] : AsFloats(weight.Data),
                bias is null ? [] : AsFloats(bias.Data),
                (float)eps,
                inverses);
        }

        for (int r = 0; r < rows && !fast; r++)
        {
            var xr = x.Data.Slice(r * n, n);
            var hat = normalised.AsSpan(r * n, n);
            T mean = TP.Sum(xr) / count;
            TP.Subtract(xr, mean, hat);
            T variance = TP.SumOfSquares<T>(hat) / count;
            T inv = T.One / T.Sqrt(variance + epsilon);
            inverseStd[r] = inv;
            TP.Multiply(hat, inv, hat);
            var yr = y.Data.Slice(r * n, n);
            if (weight is not null)
            {
                TP.Multiply<T>(hat, weight.Data, yr);
            }
            else
            {
                hat.CopyTo(yr);
            }

            if (bias is not null)
            {
                TP.Add<T>(yr, bias.Data, yr);
            }
        }

        if (y.RequiresGrad)
        {
            OnBackward(() =>
            {
                // With g = dy * weight: dx = inv * (g - mean(g) - hat * mean(g * hat)).
                var g = Scratch(n);
                for (int r = 0; r < rows; r++)
                {
                    var dyr = y.Grad.Slice(r * n, n);
                    var hat = normalised.AsSpan(r * n, n);
                    if (weight is not null && weight.RequiresGrad)
                    {
                        TP.MultiplyAdd<T>(dyr, hat, weight.Grad, weight.Grad);
                    }

                    if (bias is not null && bias.RequiresGrad)
                    {
                        TP.Add<T>(bias.Grad, dyr, bias.Grad);
                    }

                    if (!x.RequiresGrad)
                    {
                        continue;
                    }

                    if (weight is not null)
                    {
                        TP.Multiply<T>(dyr, weight.Data, g);
                    }
                    else
                    {
                        dyr.CopyTo(g);
                    }

                    T meanG = TP.Sum<T>(g) / count;
                    T meanGHat = TP.Dot<T>(g, hat) / count;
                    var dxr = x.Grad.Slice(r * n, n);
                    T inv = inverseStd[r];
                    for (int j = 0; j < n; j++)
                    {
                        dxr[j] += inv * (g[j] - meanG - (hat[j] * meanGHat));
                    }
                }
            });
        }

        return y;
    }
}

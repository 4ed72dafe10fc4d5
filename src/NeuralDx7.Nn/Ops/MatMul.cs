using NeuralDx7.Nn.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralDx7.Nn;

// Matrix products, the bulk of the work. Every backward is two more GEMMs with the operands transposed.
public sealed partial class Graph<T>
{
    /// <summary>
    /// y = x W^T + b, as PyTorch's Linear: x is [..., in], W is [out, in], b is [out] or null.
    /// </summary>
    public Tensor<T> Linear(Tensor<T> x, Tensor<T> weight, Tensor<T>? bias)
    {
        int outFeatures = weight.Dim(0), inFeatures = weight.Dim(1);
        if (x.Dim(-1) != inFeatures || (bias is not null && bias.Length != outFeatures))
        {
            throw new ArgumentException($"Linear of {x} by weight {weight} and bias {bias?.ToString() ?? "none"} does not fit.");
        }

        int rows = x.Rows;
        int[] shape = [.. x.ShapeArray[..^1], outFeatures];
        var y = NewTensor(shape, Tracks(x, weight, bias));
        if (!y.RequiresGrad && PackedWeights is not null && weight is Tensor<float> floatWeight && PackedWeights.For(floatWeight) is { } packed)
        {
            Gemm.Multiply(rows, AsFloats(x.Data), packed, AsFloats(y.Data), Parallel, bias is null ? default : AsFloats(bias.Data));
        }
        else
        {
            Gemm.Multiply<T>(new GemmShape(rows, outFeatures, inFeatures, TransposeB: true), x.Data, weight.Data, y.Data, accumulate: false, Parallel, bias: bias is null ? default : bias.Data);
        }

        if (y.RequiresGrad)
        {
            OnBackward(() =>
            {
                if (x.RequiresGrad) // dx = dy W
                {
                    Gemm.Multiply<T>(new GemmShape(rows, inFeatures, outFeatures), y.Grad, weight.Data, x.Grad, accumulate: true, Parallel);
                }

                if (weight.RequiresGrad) // dW = dy^T x
                {
                    Gemm.Multiply<T>(new GemmShape(outFeatures, inFeatures, rows, TransposeA: true), y.Grad, x.Data, weight.Grad, accumulate: true, Parallel);
                }

                if (bias is not null && bias.RequiresGrad) // db = column sums of dy
                {
                    for (int r = 0; r < rows; r++)
                    {
                        TP.Add<T>(bias.Grad, y.Grad.Slice(r * outFeatures, outFeatures), bias.Grad);
                    }
                }
            });
        }

        return y;
    }

    /// <summary>
    /// Batched product op(a) op(b) over the last two axes; the leading axes are a batch and must match.
    /// op transposes its operand when asked: a is [..., M, K] (or [..., K, M]), b is [..., K, N] (or [..., N, K]).
    /// </summary>
    public Tensor<T> MatMul(Tensor<T> a, Tensor<T> b, bool transposeA = false, bool transposeB = false)
    {
        if (a.Rank < 2 || a.Rank != b.Rank || !a.Shape[..^2].SequenceEqual(b.Shape[..^2]))
        {
            throw new ArgumentException($"MatMul needs operands of equal rank >= 2 with the same batch axes, not {a} and {b}.");
        }

        int m = transposeA ? a.Dim(-1) : a.Dim(-2);
        int k = transposeA ? a.Dim(-2) : a.Dim(-1);
        int kb = transposeB ? b.Dim(-1) : b.Dim(-2);
        int n = transposeB ? b.Dim(-2) : b.Dim(-1);
        if (k != kb)
        {
            throw new ArgumentException($"MatMul inner sizes differ: {a} ({(transposeA ? "transposed" : "as is")}) by {b} ({(transposeB ? "transposed" : "as is")}).");
        }

        int batch = a.Length / Math.Max(1, m * k);
        int[] shape = [.. a.ShapeArray[..^2], m, n];
        var y = NewTensor(shape, Tracks(a, b));
        var forward = new GemmShape(m, n, k, transposeA, transposeB);
        Batched(batch, forward, a.DataArray, m * k, b.DataArray, k * n, y.DataArray, m * n, accumulate: false);

        if (y.RequiresGrad)
        {
            OnBackward(() =>
            {
                if (a.RequiresGrad)
                {
                    // d op(a) = dy op(b)^T; stored transposed when a was.
                    var shapeA = transposeA ? new GemmShape(k, m, n, transposeB, TransposeB: true) : new GemmShape(m, k, n, false, !transposeB);
                    if (transposeA)
                    {
                        Batched(batch, shapeA, b.DataArray, k * n, y.GradArray!, m * n, a.GradArray!, m * k, accumulate: true);
                    }
                    else
                    {
                        Batched(batch, shapeA, y.GradArray!, m * n, b.DataArray, k * n, a.GradArray!, m * k, accumulate: true);
                    }
                }

                if (b.RequiresGrad)
                {
                    // d op(b) = op(a)^T dy; stored transposed when b was.
                    var shapeB = transposeB ? new GemmShape(n, k, m, TransposeA: true, transposeA) : new GemmShape(k, n, m, !transposeA, false);
                    if (transposeB)
                    {
                        Batched(batch, shapeB, y.GradArray!, m * n, a.DataArray, m * k, b.GradArray!, k * n, accumulate: true);
                    }
                    else
                    {
                        Batched(batch, shapeB, a.DataArray, m * k, y.GradArray!, m * n, b.GradArray!, k * n, accumulate: true);
                    }
                }
            });
        }

        return y;
    }

    // One GEMM per batch entry, the entries shared out over the cores when there are several.
    private void Batched(int batch, GemmShape shape, T[] a, int strideA, T[] b, int strideB, T[] c, int strideC, bool accumulate)
    {
        if (batch == 1 || !Parallel)
        {
            for (int i = 0; i < batch; i++)
            {
                Gemm.Multiply<T>(shape, a.AsSpan(i * strideA, strideA), b.AsSpan(i * strideB, strideB), c.AsSpan(i * strideC, strideC), accumulate, Parallel);
            }

            return;
        }

        int workers = Math.Min(Environment.ProcessorCount, batch);
        System.Threading.Tasks.Parallel.For(0, workers, w =>
        {
            for (int i = batch * w / workers; i < batch * (w + 1) / workers; i++)
            {
                Gemm.Multiply<T>(shape, a.AsSpan(i * strideA, strideA), b.AsSpan(i * strideB, strideB), c.AsSpan(i * strideC, strideC), accumulate, parallel: false);
            }
        });
    }
}

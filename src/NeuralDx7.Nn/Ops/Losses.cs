using NeuralDx7.Nn.Kernels;

namespace NeuralDx7.Nn;

// Densities and losses of the VAE: Normal log-density, and cross-entropy over masked logits.
public sealed partial class Graph<T>
{
    private static readonly T LogTwoPi = T.CreateChecked(Math.Log(2 * Math.PI));

    /// <summary>
    /// log N(x; mean, exp(logVariance)) element by element: -(log 2 pi + logVariance + (x - mean)^2 / exp(logVariance)) / 2.
    /// A null mean is 0 and a null log-variance is 0 (the standard normal). All given tensors share one shape.
    /// </summary>
    public Tensor<T> NormalLogDensity(Tensor<T> x, Tensor<T>? mean = null, Tensor<T>? logVariance = null)
    {
        if ((mean is not null && !mean.Shape.SequenceEqual(x.Shape)) || (logVariance is not null && !logVariance.Shape.SequenceEqual(x.Shape)))
        {
            throw new ArgumentException($"NormalLogDensity needs x, mean and log-variance of one shape ({x}).");
        }

        var y = NewTensor(x.ShapeArray, Tracks(x, mean, logVariance));
        T half = T.CreateChecked(0.5);
        for (int i = 0; i < x.Length; i++)
        {
            T diff = x.Data[i] - (mean is null ? T.Zero : mean.Data[i]);
            T lv = logVariance is null ? T.Zero : logVariance.Data[i];
            y.Data[i] = -half * (LogTwoPi + lv + (diff * diff * T.Exp(-lv)));
        }

        if (y.RequiresGrad)
        {
            OnBackward(() =>
            {
                for (int i = 0; i < x.Length; i++)
                {
                    T diff = x.Data[i] - (mean is null ? T.Zero : mean.Data[i]);
                    T lv = logVariance is null ? T.Zero : logVariance.Data[i];
                    T precision = T.Exp(-lv);
                    T dy = y.Grad[i];
                    if (x.RequiresGrad)
                    {
                        x.Grad[i] -= dy * diff * precision; // d/dx = -(x - mean) / var
                    }

                    if (mean is not null && mean.RequiresGrad)
                    {
                        mean.Grad[i] += dy * diff * precision;
                    }

                    if (logVariance is not null && logVariance.RequiresGrad)
                    {
                        logVariance.Grad[i] -= dy * half * (T.One - (diff * diff * precision)); // d/dlv = -(1 - diff^2 / var) / 2
                    }
                }
            });
        }

        return y;
    }

    /// <summary>
    /// Cross-entropy per row: -log softmax(logits)[target], the softmax taken over the allowed classes only
    /// (<paramref name="allowed"/> holds rows of classes that repeat over the logits' rows, as a DX7 voice's 155
    /// parameters repeat over a batch). Logits are [..., classes]; the result has the leading shape.
    /// </summary>
    public Tensor<T> CrossEntropy(Tensor<T> logits, ReadOnlyMemory<int> targets, ReadOnlyMemory<bool> allowed)
    {
        int classes = logits.Dim(-1), rows = logits.Rows;
        if (targets.Length != rows || allowed.Length % classes != 0 || rows % (allowed.Length / classes) != 0)
        {
            throw new ArgumentException($"CrossEntropy of {logits} needs {rows} targets and allowed-class rows that tile them.");
        }

        int patternRows = allowed.Length / classes;
        var y = NewTensor(logits.ShapeArray[..^1], Tracks(logits));
        var probabilities = Scratch(logits.Length);
        var mask = allowed.Span;
        var target = targets.Span;
        T negligible = Cast(Subnormals.NegligibleProbability);
        for (int r = 0; r < rows; r++)
        {
            var z = logits.Data.Slice(r * classes, classes);
            var p = probabilities.AsSpan(r * classes, classes);
            var ok = mask.Slice(r % patternRows * classes, classes);
            if ((uint)target[r] >= (uint)classes || !ok[target[r]])
            {
                throw new ArgumentException($"Target {target[r]} of row {r} is not an allowed class.");
            }

            var (max, sum) = MaskedSoftmaxNumerators(z, ok, p, T.One);
            for (int j = 0; j < classes; j++)
            {
                p[j] /= sum;
            }

            Subnormals.FlushBelow(p, negligible);

            y.Data[r] = max + T.Log(sum) - z[target[r]]; // logsumexp - logit of the target
        }

        if (y.RequiresGrad)
        {
            OnBackward(() => // dlogits = (softmax - onehot(target)) * dy, zero on disallowed classes
            {
                var target = targets.Span;
                for (int r = 0; r < rows; r++)
                {
                    var p = probabilities.AsSpan(r * classes, classes);
                    var dz = logits.Grad.Slice(r * classes, classes);
                    T dy = y.Grad[r];
                    for (int j = 0; j < classes; j++)
                    {
                        dz[j] += dy * p[j];
                    }

                    dz[target[r]] -= dy;
                }
            });
        }

        return y;
    }
}

using System.Numerics;

namespace NeuralDx7.Nn.Optim;

/// <summary>
/// AdamW as PyTorch's torch.optim.AdamW (single-tensor path): decoupled weight decay applied to the
/// parameter first, then Adam's step with bias-corrected moments.
/// </summary>
public sealed class AdamW<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly (string Name, Tensor<T> Parameter, T[] M, T[] V)[] _state;

    public AdamW(IEnumerable<(string Name, Tensor<T> Tensor)> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 1e-2)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _state = [.. parameters.Select(p => (p.Name, p.Tensor, new T[p.Tensor.Length], new T[p.Tensor.Length]))];
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        WeightDecay = weightDecay;
    }

    public double LearningRate { get; set; }

    public double Beta1 { get; }

    public double Beta2 { get; }

    public double Eps { get; }

    public double WeightDecay { get; }

    /// <summary>Steps taken so far (PyTorch's state["step"]).</summary>
    public long Steps { get; private set; }

    /// <summary>Updates every parameter from its gradient.</summary>
    public void Step()
    {
        Steps++;
        T lr = T.CreateChecked(LearningRate);
        T decay = T.One - (lr * T.CreateChecked(WeightDecay));
        T b1 = T.CreateChecked(Beta1), b2 = T.CreateChecked(Beta2);
        T oneMinusB1 = T.One - b1, oneMinusB2 = T.One - b2;
        T stepSize = lr / T.CreateChecked(1 - Math.Pow(Beta1, Steps));
        T correction2Sqrt = T.CreateChecked(Math.Sqrt(1 - Math.Pow(Beta2, Steps)));
        T eps = T.CreateChecked(Eps);
        foreach (var (_, parameter, m, v) in _state)
        {
            var p = parameter.Data;
            var g = parameter.Grad;
            for (int i = 0; i < p.Length; i++)
            {
                p[i] *= decay;
                m[i] += (g[i] - m[i]) * oneMinusB1;
                v[i] = (v[i] * b2) + (oneMinusB2 * g[i] * g[i]);
                T denominator = (T.Sqrt(v[i]) / correction2Sqrt) + eps;
                p[i] -= stepSize * m[i] / denominator;
            }
        }
    }

    /// <summary>The moments by parameter name ("m.name", "v.name"), for checkpoints.</summary>
    public IEnumerable<(string Name, T[] Values, int[] Shape)> StateTensors()
    {
        foreach (var (name, parameter, m, v) in _state)
        {
            yield return ($"m.{name}", m, parameter.ShapeArray);
            yield return ($"v.{name}", v, parameter.ShapeArray);
        }
    }

    /// <summary>Restores moments saved by <see cref="StateTensors"/> and the step count.</summary>
    public void LoadState(IReadOnlyDictionary<string, T[]> tensors, long steps)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        foreach (var (name, _, m, v) in _state)
        {
            if (!tensors.TryGetValue($"m.{name}", out var savedM) || !tensors.TryGetValue($"v.{name}", out var savedV)
                || savedM.Length != m.Length || savedV.Length != v.Length)
            {
                throw new InvalidDataException($"The optimiser state has no moments of the right size for {name}.");
            }

            savedM.CopyTo(m, 0);
            savedV.CopyTo(v, 0);
        }

        Steps = steps;
    }
}

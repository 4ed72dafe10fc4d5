using System.Numerics;

namespace NeuralDx7.Nn.Layers;

/// <summary>
/// y = x W^T + b, initialised as PyTorch's nn.Linear: kaiming_uniform with a = sqrt(5) for W, which is
/// U(-1/sqrt(in), 1/sqrt(in)), and the same bound for b.
/// </summary>
public sealed class Linear<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public Linear(int inFeatures, int outFeatures, SeededRandom random, bool bias = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outFeatures);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = AddParameter("weight", outFeatures, inFeatures);
        double bound = 1.0 / Math.Sqrt(inFeatures);
        FillUniform(Weight, random, -bound, bound);
        if (bias)
        {
            Bias = AddParameter("bias", outFeatures);
            FillUniform(Bias, random, -bound, bound);
        }
    }

    public int InFeatures { get; }

    public int OutFeatures { get; }

    public Tensor<T> Weight { get; }

    public Tensor<T>? Bias { get; }

    public Tensor<T> Forward(Graph<T> graph, Tensor<T> x)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return graph.Linear(x, Weight, Bias);
    }
}

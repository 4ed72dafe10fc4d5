using System.Numerics;

namespace NeuralDx7.Nn.Layers;

/// <summary>Layer normalisation over the last axis; with affine parameters initialised to 1 and 0, as PyTorch.</summary>
public sealed class LayerNorm<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public LayerNorm(int features, bool affine = true, double eps = 1e-5)
    {
        Features = features;
        Eps = eps;
        if (affine)
        {
            Weight = AddParameter("weight", features);
            Weight.Data.Fill(T.One);
            Bias = AddParameter("bias", features);
        }
    }

    public int Features { get; }

    public double Eps { get; }

    public Tensor<T>? Weight { get; }

    public Tensor<T>? Bias { get; }

    public Tensor<T> Forward(Graph<T> graph, Tensor<T> x)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return graph.LayerNorm(x, Weight, Bias, Eps);
    }
}

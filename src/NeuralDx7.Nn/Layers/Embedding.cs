using System.Numerics;

namespace NeuralDx7.Nn.Layers;

/// <summary>A lookup table of learned vectors, initialised N(0, 1) as PyTorch's nn.Embedding.</summary>
public sealed class Embedding<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public Embedding(int count, int features, SeededRandom random)
    {
        Weight = AddParameter("weight", count, features);
        FillNormal(Weight, random, 1.0);
    }

    public Tensor<T> Weight { get; }

    public Tensor<T> Forward(Graph<T> graph, ReadOnlyMemory<int> indices, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return graph.Embedding(indices, shape, Weight);
    }
}

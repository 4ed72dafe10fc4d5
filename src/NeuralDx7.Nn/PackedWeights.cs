using System.Collections.Concurrent;
using NeuralDx7.Nn.Kernels;

namespace NeuralDx7.Nn;

/// <summary>
/// Linear layers' weights packed for the GEMM kernel once and shared by the graphs of an inference run (the chunks
/// of a cart), instead of packed again by every product. Use it only while the weights do not change.
/// </summary>
public sealed class PackedWeights
{
    private readonly ConcurrentDictionary<Tensor<float>, PackedWeight?> _packed = new(ReferenceEqualityComparer.Instance);

    /// <summary>The packed form of a [N, K] weight, packed on first use; null where the CPU's kernel packs nothing.</summary>
    public PackedWeight? For(Tensor<float> weight)
    {
        ArgumentNullException.ThrowIfNull(weight);
        return _packed.GetOrAdd(weight, w => Gemm.PackTransposed(w.Data, w.Dim(0), w.Dim(1)));
    }
}

namespace NeuralDx7.Nn.Kernels;

/// <summary>
/// A Linear layer's weight, N x K, packed into the GEMM kernel's panels by <see cref="Gemm.PackTransposed"/>.
/// It is a copy: it stays right only while the weight it was packed from does not change.
/// </summary>
public sealed class PackedWeight
{
    internal PackedWeight(int n, int k, GemmKernel kernel, float[] panels)
    {
        N = n;
        K = k;
        Kernel = kernel;
        Panels = panels;
    }

    /// <summary>Output features (rows of the stored weight).</summary>
    public int N { get; }

    /// <summary>Input features (columns of the stored weight).</summary>
    public int K { get; }

    internal GemmKernel Kernel { get; }

    internal float[] Panels { get; }
}

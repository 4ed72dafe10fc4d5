using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralDx7.Nn.Kernels;

/// <summary>
/// 1 / q for sixteen floats from the 14-bit estimate and one Newton step (28 bits, so within an ulp or two of the
/// divide): a zmm divide ties up the divider for sixteen cycles, and the rational forms of erf and tanh were
/// waiting on it. Only for q finite and normal, as their denominators are: infinity would give NaN.
/// </summary>
internal static class Reciprocal
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Of(Vector512<float> q)
    {
        var r = Avx512F.Reciprocal14(q);
        return Avx512F.FusedMultiplyAdd(r, Avx512F.FusedMultiplyAddNegated(q, r, Vector512<float>.One), r);
    }

    /// <summary>1 / q for eight floats: AVX2's estimate has only 12 bits, so this is the divide, which a ymm register holds the divider for half as long.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Of(Vector256<float> q) => Vector256<float>.One / q;
}

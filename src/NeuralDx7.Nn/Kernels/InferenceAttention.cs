using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralDx7.Nn.Kernels;

/// <summary>
/// Self-attention of one (voice, head) when nothing will be differentiated, in float32 with AVX-512: softmax(Q K^T) V
/// with the scale on the queries. The keys are transposed once, sixteen at a time in registers, into K^T padded to
/// whole 32-column panels, so the score product reads them in place instead of packing them element by element;
/// the values get zero rows to match, so the padded scores (finite, as the padded keys are zero) add nothing.
/// Rows go in blocks whose scores stay in cache from their product through the softmax to the weighted sum.
/// </summary>
internal static class InferenceAttention
{
    private const int RowBlock = 48;

    /// <summary>Whether <see cref="Run"/> takes <paramref name="n"/> positions and heads <paramref name="d"/> wide.</summary>
    public static bool Supports(int n, int d) => Avx512F.IsSupported && Transpose.IsAccelerated && n >= 16 && d > 0 && d % 16 == 0;

    /// <summary>Floats of scratch one call needs.</summary>
    public static int WorkLength(int n, int d)
    {
        int padded = Padded(n);
        return (n * d) + (2 * d * padded) + (RowBlock * padded) + (RowBlock * d) + RowBlock;
    }

    /// <summary>
    /// One head of one voice: <paramref name="qkv"/> holds the voice's [n, 3f] projection rows (queries, keys,
    /// values), the head owning features <paramref name="column"/> .. + d of each; its [n, d] result goes to the same
    /// features of the voice's [n, f] rows in <paramref name="y"/>. Returns false, writing nothing, when a query or
    /// key is not finite: the exact path then decides what the NaN or infinity gives.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe bool Run(ReadOnlySpan<float> qkv, int n, int f, int column, int d, float scale, Span<float> y, Span<float> work)
    {
        if (!Supports(n, d) || qkv.Length < n * 3 * f || y.Length < n * f || work.Length < WorkLength(n, d) || column + d > f)
        {
            throw new ArgumentException($"Attention over {n} positions of width {d} does not fit the buffers given.");
        }

        int padded = Padded(n), stride = 3 * f;
        fixed (float* source = qkv, output = y, scratch = work)
        {
            float* q = scratch, keys = q + (n * d), values = keys + (d * padded), scores = values + (padded * d);
            float* heads = scores + (RowBlock * padded), inverseSums = heads + (RowBlock * d);

            var factor = Vector512.Create(scale);
            var notFinite = Vector512<float>.Zero; // x - x is 0 for finite x, NaN for NaN and infinities
            for (int i = 0; i < n; i++)
            {
                float* row = source + (i * stride) + column;
                for (int c = 0; c < d; c += 16)
                {
                    var query = Vector512.Load(row + c) * factor;
                    notFinite += query - query;
                    query.Store(q + (i * d) + c);
                    Vector512.Load(row + (2 * f) + c).Store(values + (i * d) + c);
                }
            }

            new Span<float>(values + (n * d), (padded - n) * d).Clear();
            for (int j = 0; j < padded; j += 16)
            {
                for (int c = 0; c < d; c += 16)
                {
                    Transpose.Block16(source + (j * stride) + f + column + c, stride, Math.Min(16, n - j), keys + (c * padded) + j, padded);
                }
            }

            for (int i = 0; i < d * padded; i += 16)
            {
                var key = Vector512.Load(keys + i);
                notFinite += key - key;
            }

            if (float.IsNaN(Vector512.Sum(notFinite)))
            {
                return false;
            }

            for (int i0 = 0; i0 < n; i0 += RowBlock)
            {
                int rows = Math.Min(RowBlock, n - i0);
                Gemm.Multiply<float>(new GemmShape(rows, padded, d), new ReadOnlySpan<float>(q + (i0 * d), rows * d), new ReadOnlySpan<float>(keys, d * padded), new Span<float>(scores, rows * padded), accumulate: false, parallel: false);
                SoftmaxRows.NumeratorsOfRows(scores, padded, rows, n, inverseSums);
                Gemm.Multiply<float>(new GemmShape(rows, d, padded), new ReadOnlySpan<float>(scores, rows * padded), new ReadOnlySpan<float>(values, padded * d), new Span<float>(heads, rows * d), accumulate: false, parallel: false);
                for (int r = 0; r < rows; r++)
                {
                    var inverse = Vector512.Create(inverseSums[r]);
                    for (int c = 0; c < d; c += 16)
                    {
                        (Vector512.Load(heads + (r * d) + c) * inverse).Store(output + ((i0 + r) * f) + column + c);
                    }
                }
            }
        }

        return true;
    }

    // Whole panels of the GEMM's 32-wide kernel: the keys are then read where they lie, never packed.
    private static int Padded(int n) => (n + 31) & ~31;
}

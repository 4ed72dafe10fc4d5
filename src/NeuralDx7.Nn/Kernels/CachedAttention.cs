using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralDx7.Nn.Kernels;

/// <summary>
/// One query attending over the keys and values of the steps drawn so far (a <see cref="KeyValueCache"/>'s layout):
/// softmax(q K^T scale) V for one voice and head. Keys are feature-major (row k holds feature k of every step, padded
/// to whole vectors) so the scores are vector FMAs over the steps with the query's features broadcast; values are
/// step-major so the weighted sum is vector FMAs over the features with each weight broadcast. No horizontal sum,
/// and no library call per feature: 155 steps of small attention were mostly call overhead before. The weights are
/// softmax numerators with negligible ones zeroed (<see cref="SoftmaxRows.Numerators"/>): a subnormal weight would
/// cost a microcode assist in every FMA that reads it. The output is divided by their sum once, d wide.
/// </summary>
internal static class CachedAttention
{
    /// <summary>Scores are computed in blocks of this many steps (the widest vector), so key rows are padded to it.</summary>
    public const int StepBlock = 16;

    /// <summary>Whether the vector kernel of <paramref name="kernel"/> takes heads <paramref name="width"/> features wide.</summary>
    public static bool Supports(GemmKernel kernel, int width) => kernel switch
    {
        GemmKernel.Avx512 => Avx512F.IsSupported && width % 16 == 0,
        GemmKernel.Avx2 => Avx2.IsSupported && Fma.IsSupported && width % 8 == 0,
        _ => true,
    };

    /// <summary>
    /// output[0..d) = sum over t &lt; steps of softmax_t(scale q·K[:, t]) V[t, :]. <paramref name="keys"/> holds d rows of
    /// <paramref name="keyStride"/> (a multiple of <see cref="StepBlock"/>, at least steps), <paramref name="values"/>
    /// steps rows of d; <paramref name="scores"/> is work space of keyStride floats.
    /// </summary>
    public static void Attend(ReadOnlySpan<float> query, ReadOnlySpan<float> keys, int keyStride, ReadOnlySpan<float> values, int steps, float scale,
        Span<float> scores, Span<float> output, GemmKernel kernel = GemmKernel.Auto)
    {
        int d = query.Length;
        if (steps < 1 || keyStride % StepBlock != 0 || keyStride < steps || keys.Length < d * keyStride || values.Length < steps * d
            || scores.Length < keyStride || output.Length < d)
        {
            throw new ArgumentException($"Attention over {steps} cached steps of width {d} does not fit the buffers given.");
        }

        // A head too narrow for sixteen lanes takes eight, and one too narrow for eight the plain loop.
        kernel = kernel == GemmKernel.Auto ? Gemm.BestKernel : kernel;
        kernel = Supports(kernel, d) ? kernel : kernel == GemmKernel.Avx512 && Supports(GemmKernel.Avx2, d) ? GemmKernel.Avx2 : GemmKernel.Scalar;

        int blocks = (steps + StepBlock - 1) / StepBlock;
        var weights = scores[..steps];
        switch (kernel)
        {
            case GemmKernel.Avx512:
                Scores512(query, keys, keyStride, blocks, scores);
                Sum512(weights, values, output[..d], 1 / SoftmaxRows.Numerators(weights, weights, scale));
                break;
            case GemmKernel.Avx2:
                Scores256(query, keys, keyStride, blocks, scores);
                Sum256(weights, values, output[..d], 1 / SoftmaxRows.Numerators(weights, weights, scale));
                break;
            default:
                ScoresReference(query, keys, keyStride, steps, scores);
                SumReference(weights, values, output[..d], 1 / NumeratorsReference(weights, scale));
                break;
        }
    }

    // The reference: one dot product per step, exp(scale x - max) and its sum, one weighted sum per feature.
    private static void ScoresReference(ReadOnlySpan<float> q, ReadOnlySpan<float> keys, int stride, int steps, Span<float> scores)
    {
        for (int t = 0; t < steps; t++)
        {
            float sum = 0;
            for (int k = 0; k < q.Length; k++)
            {
                sum += q[k] * keys[(k * stride) + t];
            }

            scores[t] = sum;
        }
    }

    private static float NumeratorsReference(Span<float> scores, float scale)
    {
        float max = float.NegativeInfinity, sum = 0;
        foreach (float x in scores)
        {
            max = MathF.Max(max, scale * x);
        }

        for (int t = 0; t < scores.Length; t++)
        {
            scores[t] = MathF.Exp((scale * scores[t]) - max);
            sum += scores[t];
        }

        return sum;
    }

    private static void SumReference(ReadOnlySpan<float> weights, ReadOnlySpan<float> values, Span<float> output, float inverseSum)
    {
        int d = output.Length;
        for (int c = 0; c < d; c++)
        {
            float sum = 0;
            for (int t = 0; t < weights.Length; t++)
            {
                sum += weights[t] * values[(t * d) + c];
            }

            output[c] = sum * inverseSum;
        }
    }

    // Four blocks of sixteen steps at a time: four independent FMA chains hide the FMA's latency, and each broadcast
    // feature of the query serves four loads. Steps past the last drawn one read zeros or older keys: computed, never used.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Scores512(ReadOnlySpan<float> q, ReadOnlySpan<float> keys, int stride, int blocks, Span<float> scores)
    {
        int d = q.Length;
        fixed (float* pq = q, pk = keys, ps = scores)
        {
            int b = 0;
            for (; b + 4 <= blocks; b += 4)
            {
                Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
                float* row = pk + (b * 16);
                for (int k = 0; k < d; k++, row += stride)
                {
                    var x = Vector512.Create(pq[k]);
                    s0 = Avx512F.FusedMultiplyAdd(x, Vector512.Load(row), s0);
                    s1 = Avx512F.FusedMultiplyAdd(x, Vector512.Load(row + 16), s1);
                    s2 = Avx512F.FusedMultiplyAdd(x, Vector512.Load(row + 32), s2);
                    s3 = Avx512F.FusedMultiplyAdd(x, Vector512.Load(row + 48), s3);
                }

                s0.Store(ps + (b * 16));
                s1.Store(ps + (b * 16) + 16);
                s2.Store(ps + (b * 16) + 32);
                s3.Store(ps + (b * 16) + 48);
            }

            for (; b < blocks; b++)
            {
                Vector512<float> s0 = default, s1 = default;
                float* row = pk + (b * 16);
                int k = 0;
                for (; k + 2 <= d; k += 2, row += 2 * stride)
                {
                    s0 = Avx512F.FusedMultiplyAdd(Vector512.Create(pq[k]), Vector512.Load(row), s0);
                    s1 = Avx512F.FusedMultiplyAdd(Vector512.Create(pq[k + 1]), Vector512.Load(row + stride), s1);
                }

                (s0 + s1).Store(ps + (b * 16));
            }
        }
    }

    // The same in eight lanes: a block of sixteen steps is two vectors, so two blocks give the four chains.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Scores256(ReadOnlySpan<float> q, ReadOnlySpan<float> keys, int stride, int blocks, Span<float> scores)
    {
        int d = q.Length;
        fixed (float* pq = q, pk = keys, ps = scores)
        {
            int b = 0;
            for (; b + 2 <= blocks; b += 2)
            {
                Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
                float* row = pk + (b * 16);
                for (int k = 0; k < d; k++, row += stride)
                {
                    var x = Vector256.Create(pq[k]);
                    s0 = Fma.MultiplyAdd(x, Vector256.Load(row), s0);
                    s1 = Fma.MultiplyAdd(x, Vector256.Load(row + 8), s1);
                    s2 = Fma.MultiplyAdd(x, Vector256.Load(row + 16), s2);
                    s3 = Fma.MultiplyAdd(x, Vector256.Load(row + 24), s3);
                }

                s0.Store(ps + (b * 16));
                s1.Store(ps + (b * 16) + 8);
                s2.Store(ps + (b * 16) + 16);
                s3.Store(ps + (b * 16) + 24);
            }

            if (b < blocks)
            {
                Vector256<float> s0 = default, s1 = default;
                float* row = pk + (b * 16);
                for (int k = 0; k < d; k++, row += stride)
                {
                    var x = Vector256.Create(pq[k]);
                    s0 = Fma.MultiplyAdd(x, Vector256.Load(row), s0);
                    s1 = Fma.MultiplyAdd(x, Vector256.Load(row + 8), s1);
                }

                s0.Store(ps + (b * 16));
                s1.Store(ps + (b * 16) + 8);
            }
        }
    }

    // Thirty-two features of the output a pass (a 32-wide head's whole row, two cache lines), two steps at a time:
    // four FMA chains, and each step's values read once, in order. A head of sixteen takes a pass of its own.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Sum512(ReadOnlySpan<float> weights, ReadOnlySpan<float> values, Span<float> output, float inverseSum)
    {
        var inverse = Vector512.Create(inverseSum);
        int d = output.Length, steps = weights.Length, c = 0;
        fixed (float* pw = weights, pv = values, po = output)
        {
            for (; c + 32 <= d; c += 32)
            {
                Vector512<float> a0 = default, a1 = default, b0 = default, b1 = default;
                float* row = pv + c;
                int t = 0;
                for (; t + 2 <= steps; t += 2, row += 2 * d)
                {
                    var w0 = Vector512.Create(pw[t]);
                    var w1 = Vector512.Create(pw[t + 1]);
                    a0 = Avx512F.FusedMultiplyAdd(w0, Vector512.Load(row), a0);
                    a1 = Avx512F.FusedMultiplyAdd(w0, Vector512.Load(row + 16), a1);
                    b0 = Avx512F.FusedMultiplyAdd(w1, Vector512.Load(row + d), b0);
                    b1 = Avx512F.FusedMultiplyAdd(w1, Vector512.Load(row + d + 16), b1);
                }

                if (t < steps)
                {
                    var w0 = Vector512.Create(pw[t]);
                    a0 = Avx512F.FusedMultiplyAdd(w0, Vector512.Load(row), a0);
                    a1 = Avx512F.FusedMultiplyAdd(w0, Vector512.Load(row + 16), a1);
                }

                ((a0 + b0) * inverse).Store(po + c);
                ((a1 + b1) * inverse).Store(po + c + 16);
            }

            for (; c < d; c += 16)
            {
                Vector512<float> a0 = default, b0 = default;
                float* row = pv + c;
                int t = 0;
                for (; t + 2 <= steps; t += 2, row += 2 * d)
                {
                    a0 = Avx512F.FusedMultiplyAdd(Vector512.Create(pw[t]), Vector512.Load(row), a0);
                    b0 = Avx512F.FusedMultiplyAdd(Vector512.Create(pw[t + 1]), Vector512.Load(row + d), b0);
                }

                if (t < steps)
                {
                    a0 = Avx512F.FusedMultiplyAdd(Vector512.Create(pw[t]), Vector512.Load(row), a0);
                }

                ((a0 + b0) * inverse).Store(po + c);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Sum256(ReadOnlySpan<float> weights, ReadOnlySpan<float> values, Span<float> output, float inverseSum)
    {
        var inverse = Vector256.Create(inverseSum);
        int d = output.Length, steps = weights.Length;
        fixed (float* pw = weights, pv = values, po = output)
        {
            for (int c = 0; c < d; c += 8)
            {
                Vector256<float> a0 = default, a1 = default;
                float* row = pv + c;
                int t = 0;
                for (; t + 2 <= steps; t += 2, row += 2 * d)
                {
                    a0 = Fma.MultiplyAdd(Vector256.Create(pw[t]), Vector256.Load(row), a0);
                    a1 = Fma.MultiplyAdd(Vector256.Create(pw[t + 1]), Vector256.Load(row + d), a1);
                }

                if (t < steps)
                {
                    a0 = Fma.MultiplyAdd(Vector256.Create(pw[t]), Vector256.Load(row), a0);
                }

                ((a0 + a1) * inverse).Store(po + c);
            }
        }
    }
}

using System.Diagnostics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralDx7.Application.Benchmarks;

/// <summary>This machine's float32 multiply-add peak: GFLOP/s per core, and on every core at once.</summary>
public sealed record PeakResult(double GflopsPerCore, double GflopsAllCores, int Cores, string Instructions);

/// <summary>
/// The ceiling every other figure is a share of: a loop of independent fused multiply-adds on the widest vectors the
/// CPU has (AVX-512, else AVX2 with FMA), twelve accumulators deep so the FMA units never wait on a result, on one
/// core and then on all of them.
/// </summary>
public static class PeakBenchmark
{
    private const int Accumulators = 12;
    private const int Iterations = 1 << 20;

    public static PeakResult Run(CancellationToken cancellation = default)
    {
        string instructions = Avx512F.IsSupported ? "AVX-512 FMA" : Fma.IsSupported ? "AVX2 FMA" : "scalar";
        double one = Gflops(1, cancellation);
        double all = Gflops(Environment.ProcessorCount, cancellation);
        return new PeakResult(one, all, Environment.ProcessorCount, instructions);
    }

    private static double Gflops(int cores, CancellationToken cancellation)
    {
        double best = 0;
        for (int round = 0; round < 5; round++)
        {
            cancellation.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            long flops = 0;
            Parallel.For(0, cores, new ParallelOptions { MaxDegreeOfParallelism = cores }, _ => Interlocked.Add(ref flops, Loop()));
            best = Math.Max(best, flops / clock.Elapsed.TotalSeconds / 1e9);
        }

        return best / cores * cores; // the best of five rounds: the machine's ceiling, not its average mood
    }

    // Returns the FLOPs it did (2 per lane per FMA).
    private static long Loop()
    {
        // Twelve accumulators in registers (a span would keep them in memory, and measure loads instead of FMAs).
        if (Avx512F.IsSupported)
        {
            var a = Vector512.Create(1.0000001f);
            var b = Vector512.Create(0.9999999f);
            var c0 = Vector512.Create(0.5f + 0 * 0.01f);
            var c1 = Vector512.Create(0.5f + 1 * 0.01f);
            var c2 = Vector512.Create(0.5f + 2 * 0.01f);
            var c3 = Vector512.Create(0.5f + 3 * 0.01f);
            var c4 = Vector512.Create(0.5f + 4 * 0.01f);
            var c5 = Vector512.Create(0.5f + 5 * 0.01f);
            var c6 = Vector512.Create(0.5f + 6 * 0.01f);
            var c7 = Vector512.Create(0.5f + 7 * 0.01f);
            var c8 = Vector512.Create(0.5f + 8 * 0.01f);
            var c9 = Vector512.Create(0.5f + 9 * 0.01f);
            var c10 = Vector512.Create(0.5f + 10 * 0.01f);
            var c11 = Vector512.Create(0.5f + 11 * 0.01f);
            for (int i = 0; i < Iterations; i++)
            {
                c0 = Avx512F.FusedMultiplyAdd(c0, a, b);
                c1 = Avx512F.FusedMultiplyAdd(c1, a, b);
                c2 = Avx512F.FusedMultiplyAdd(c2, a, b);
                c3 = Avx512F.FusedMultiplyAdd(c3, a, b);
                c4 = Avx512F.FusedMultiplyAdd(c4, a, b);
                c5 = Avx512F.FusedMultiplyAdd(c5, a, b);
                c6 = Avx512F.FusedMultiplyAdd(c6, a, b);
                c7 = Avx512F.FusedMultiplyAdd(c7, a, b);
                c8 = Avx512F.FusedMultiplyAdd(c8, a, b);
                c9 = Avx512F.FusedMultiplyAdd(c9, a, b);
                c10 = Avx512F.FusedMultiplyAdd(c10, a, b);
                c11 = Avx512F.FusedMultiplyAdd(c11, a, b);
            }

            return Keep((c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11).ToScalar()) + (2L * 16 * Accumulators * Iterations);
        }

        if (Fma.IsSupported)
        {
            var a = Vector256.Create(1.0000001f);
            var b = Vector256.Create(0.9999999f);
            var c0 = Vector256.Create(0.5f + 0 * 0.01f);
            var c1 = Vector256.Create(0.5f + 1 * 0.01f);
            var c2 = Vector256.Create(0.5f + 2 * 0.01f);
            var c3 = Vector256.Create(0.5f + 3 * 0.01f);
            var c4 = Vector256.Create(0.5f + 4 * 0.01f);
            var c5 = Vector256.Create(0.5f + 5 * 0.01f);
            var c6 = Vector256.Create(0.5f + 6 * 0.01f);
            var c7 = Vector256.Create(0.5f + 7 * 0.01f);
            var c8 = Vector256.Create(0.5f + 8 * 0.01f);
            var c9 = Vector256.Create(0.5f + 9 * 0.01f);
            var c10 = Vector256.Create(0.5f + 10 * 0.01f);
            var c11 = Vector256.Create(0.5f + 11 * 0.01f);
            for (int i = 0; i < Iterations; i++)
            {
                c0 = Fma.MultiplyAdd(c0, a, b);
                c1 = Fma.MultiplyAdd(c1, a, b);
                c2 = Fma.MultiplyAdd(c2, a, b);
                c3 = Fma.MultiplyAdd(c3, a, b);
                c4 = Fma.MultiplyAdd(c4, a, b);
                c5 = Fma.MultiplyAdd(c5, a, b);
                c6 = Fma.MultiplyAdd(c6, a, b);
                c7 = Fma.MultiplyAdd(c7, a, b);
                c8 = Fma.MultiplyAdd(c8, a, b);
                c9 = Fma.MultiplyAdd(c9, a, b);
                c10 = Fma.MultiplyAdd(c10, a, b);
                c11 = Fma.MultiplyAdd(c11, a, b);
            }

            return Keep((c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11).ToScalar()) + (2L * 8 * Accumulators * Iterations);
        }

        float x = 0.5f;
        for (int i = 0; i < Iterations; i++)
        {
            x = MathF.FusedMultiplyAdd(x, 1.0000001f, 0.9999999f);
        }

        return Keep(x) + (2L * Iterations);
    }

    // Uses the result so the loop is not optimised away; adds nothing.
    private static long Keep(float value) => float.IsNaN(value) ? 1 : 0;
}

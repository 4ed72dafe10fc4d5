using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralDx7.Nn.Kernels;

/// <summary>The AVX2 and FMA register tiles (Zen 3, Haswell on): 6 x 16, and 4 x 16 for few rows; the masked store also serves the AVX-512 edges.</summary>
public static partial class Gemm
{
    // A 6 x 16 tile of C in 12 ymm registers, for CPUs with AVX2 and FMA but not AVX-512.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Kernel6x16(int kc, float* a, nint s, nint step, float* b, int ldb, float* c, int ldc, int rows, int cols, bool add, float* bias)
    {
        float* a0 = a, a3 = a + (3 * s);
        var bias0 = bias == null ? default : Vector256.Load(bias);
        var bias1 = bias == null ? default : Vector256.Load(bias + 8);
        Vector256<float> c00 = bias0, c01 = bias1, c10 = bias0, c11 = bias1, c20 = bias0, c21 = bias1;
        Vector256<float> c30 = bias0, c31 = bias1, c40 = bias0, c41 = bias1, c50 = bias0, c51 = bias1;
        for (int k = 0; k < kc; k++, b += ldb, a0 += step, a3 += step)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var x = Vector256.Create(*a0);
            c00 = Fma.MultiplyAdd(x, b0, c00); c01 = Fma.MultiplyAdd(x, b1, c01);
            x = Vector256.Create(a0[s]);
            c10 = Fma.MultiplyAdd(x, b0, c10); c11 = Fma.MultiplyAdd(x, b1, c11);
            x = Vector256.Create(a0[2 * s]);
            c20 = Fma.MultiplyAdd(x, b0, c20); c21 = Fma.MultiplyAdd(x, b1, c21);
            x = Vector256.Create(*a3);
            c30 = Fma.MultiplyAdd(x, b0, c30); c31 = Fma.MultiplyAdd(x, b1, c31);
            x = Vector256.Create(a3[s]);
            c40 = Fma.MultiplyAdd(x, b0, c40); c41 = Fma.MultiplyAdd(x, b1, c41);
            x = Vector256.Create(a3[2 * s]);
            c50 = Fma.MultiplyAdd(x, b0, c50); c51 = Fma.MultiplyAdd(x, b1, c51);
        }

        StoreRow8x2(c, c00, c01, cols, add);
        if (rows > 1) { StoreRow8x2(c + ldc, c10, c11, cols, add); }
        if (rows > 2) { StoreRow8x2(c + (2 * ldc), c20, c21, cols, add); }
        if (rows > 3) { StoreRow8x2(c + (3 * ldc), c30, c31, cols, add); }
        if (rows > 4) { StoreRow8x2(c + (4 * ldc), c40, c41, cols, add); }
        if (rows > 5) { StoreRow8x2(c + (5 * ldc), c50, c51, cols, add); }
    }

    // A 4 x 16 tile for products of few rows (a decoding step's 8 or 16 voices), which 6 rows would pad by half or an
    // eighth: 8 ymm accumulators, as many as two FMA pipes of four cycles' latency keep busy; per k two loads of B,
    // four broadcasts of A, eight FMAs.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Kernel4x16(int kc, float* a, nint s, nint step, float* b, int ldb, float* c, int ldc, int rows, int cols, bool add, float* bias)
    {
        float* a0 = a, a2 = a + (2 * s);
        var bias0 = bias == null ? default : Vector256.Load(bias);
        var bias1 = bias == null ? default : Vector256.Load(bias + 8);
        Vector256<float> c00 = bias0, c01 = bias1, c10 = bias0, c11 = bias1, c20 = bias0, c21 = bias1, c30 = bias0, c31 = bias1;
        for (int k = 0; k < kc; k++, b += ldb, a0 += step, a2 += step)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var x = Vector256.Create(*a0);
            c00 = Fma.MultiplyAdd(x, b0, c00); c01 = Fma.MultiplyAdd(x, b1, c01);
            x = Vector256.Create(a0[s]);
            c10 = Fma.MultiplyAdd(x, b0, c10); c11 = Fma.MultiplyAdd(x, b1, c11);
            x = Vector256.Create(*a2);
            c20 = Fma.MultiplyAdd(x, b0, c20); c21 = Fma.MultiplyAdd(x, b1, c21);
            x = Vector256.Create(a2[s]);
            c30 = Fma.MultiplyAdd(x, b0, c30); c31 = Fma.MultiplyAdd(x, b1, c31);
        }

        StoreRow8x2(c, c00, c01, cols, add);
        if (rows > 1) { StoreRow8x2(c + ldc, c10, c11, cols, add); }
        if (rows > 2) { StoreRow8x2(c + (2 * ldc), c20, c21, cols, add); }
        if (rows > 3) { StoreRow8x2(c + (3 * ldc), c30, c31, cols, add); }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreRow8x2(float* c, Vector256<float> lo, Vector256<float> hi, int cols, bool add)
    {
        StoreMasked(c, lo, cols, add);
        StoreMasked(c + 8, hi, cols - 8, add);
    }


    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreMasked(float* c, Vector256<float> v, int cols, bool add)
    {
        if (cols <= 0)
        {
            return;
        }

        if (cols >= 8)
        {
            (add ? v + Vector256.Load(c) : v).Store(c);
            return;
        }

        // Lanes below cols have their sign bit set: the ones vmaskmovps reads and writes.
        var mask = Vector256.LessThan(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(cols)).AsSingle();
        if (add)
        {
            v += Avx.MaskLoad(c, mask);
        }

        Avx.MaskStore(c, mask, v);
    }
}

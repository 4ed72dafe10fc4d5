using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralDx7.Nn.Kernels;

/// <summary>The AVX-512 register tiles (Zen 4/5, recent Xeons): 12 x 32; 8 x 32 for few rows; 16 x 16 for narrow products.</summary>
public static partial class Gemm
{
    // The kernels read a tile's rows from a few base pointers, each serving three rows at offsets 0, s and 2 s,
    // which x86 addressing forms from one stride register: twelve or sixteen row pointers would not fit in the
    // general registers and would be reloaded from the stack at every step of k.

    // A 12 x 32 tile of C in 24 of the 32 zmm registers; per k: two loads of B, twelve broadcasts of A,
    // twenty-four FMAs. The larger tile reads B half as often per FMA as an 8 x 32 one.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Kernel12x32(int kc, float* a, nint s, nint step, float* b, int ldb, float* c, int ldc, int rows, int cols, bool add, float* bias)
    {
        float* a0 = a, a3 = a + (3 * s), a6 = a + (6 * s), a9 = a + (9 * s);
        // The accumulators start from the bias (its panel, zero-padded) when there is one: no separate pass adds it.
        var bias0 = bias == null ? default : Vector512.Load(bias);
        var bias1 = bias == null ? default : Vector512.Load(bias + 16);
        Vector512<float> c00 = bias0, c01 = bias1, c10 = bias0, c11 = bias1, c20 = bias0, c21 = bias1, c30 = bias0, c31 = bias1, c40 = bias0, c41 = bias1, c50 = bias0, c51 = bias1, c60 = bias0, c61 = bias1, c70 = bias0, c71 = bias1, c80 = bias0, c81 = bias1, c90 = bias0, c91 = bias1, c100 = bias0, c101 = bias1, c110 = bias0, c111 = bias1;
        for (int k = 0; k < kc; k++, b += ldb, a0 += step, a3 += step, a6 += step, a9 += step)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var x0 = Vector512.Create(*a0);
            c00 = Avx512F.FusedMultiplyAdd(x0, b0, c00); c01 = Avx512F.FusedMultiplyAdd(x0, b1, c01);
            var x1 = Vector512.Create(a0[s]);
            c10 = Avx512F.FusedMultiplyAdd(x1, b0, c10); c11 = Avx512F.FusedMultiplyAdd(x1, b1, c11);
            var x2 = Vector512.Create(a0[2 * s]);
            c20 = Avx512F.FusedMultiplyAdd(x2, b0, c20); c21 = Avx512F.FusedMultiplyAdd(x2, b1, c21);
            var x3 = Vector512.Create(*a3);
            c30 = Avx512F.FusedMultiplyAdd(x3, b0, c30); c31 = Avx512F.FusedMultiplyAdd(x3, b1, c31);
            var x4 = Vector512.Create(a3[s]);
            c40 = Avx512F.FusedMultiplyAdd(x4, b0, c40); c41 = Avx512F.FusedMultiplyAdd(x4, b1, c41);
            var x5 = Vector512.Create(a3[2 * s]);
            c50 = Avx512F.FusedMultiplyAdd(x5, b0, c50); c51 = Avx512F.FusedMultiplyAdd(x5, b1, c51);
            var x6 = Vector512.Create(*a6);
            c60 = Avx512F.FusedMultiplyAdd(x6, b0, c60); c61 = Avx512F.FusedMultiplyAdd(x6, b1, c61);
            var x7 = Vector512.Create(a6[s]);
            c70 = Avx512F.FusedMultiplyAdd(x7, b0, c70); c71 = Avx512F.FusedMultiplyAdd(x7, b1, c71);
            var x8 = Vector512.Create(a6[2 * s]);
            c80 = Avx512F.FusedMultiplyAdd(x8, b0, c80); c81 = Avx512F.FusedMultiplyAdd(x8, b1, c81);
            var x9 = Vector512.Create(*a9);
            c90 = Avx512F.FusedMultiplyAdd(x9, b0, c90); c91 = Avx512F.FusedMultiplyAdd(x9, b1, c91);
            var x10 = Vector512.Create(a9[s]);
            c100 = Avx512F.FusedMultiplyAdd(x10, b0, c100); c101 = Avx512F.FusedMultiplyAdd(x10, b1, c101);
            var x11 = Vector512.Create(a9[2 * s]);
            c110 = Avx512F.FusedMultiplyAdd(x11, b0, c110); c111 = Avx512F.FusedMultiplyAdd(x11, b1, c111);
        }

        if (cols == 32)
        {
            Store512(c, c00, c01, add);
            if (rows > 1) { Store512(c + (1 * ldc), c10, c11, add); }
            if (rows > 2) { Store512(c + (2 * ldc), c20, c21, add); }
            if (rows > 3) { Store512(c + (3 * ldc), c30, c31, add); }
            if (rows > 4) { Store512(c + (4 * ldc), c40, c41, add); }
            if (rows > 5) { Store512(c + (5 * ldc), c50, c51, add); }
            if (rows > 6) { Store512(c + (6 * ldc), c60, c61, add); }
            if (rows > 7) { Store512(c + (7 * ldc), c70, c71, add); }
            if (rows > 8) { Store512(c + (8 * ldc), c80, c81, add); }
            if (rows > 9) { Store512(c + (9 * ldc), c90, c91, add); }
            if (rows > 10) { Store512(c + (10 * ldc), c100, c101, add); }
            if (rows > 11) { Store512(c + (11 * ldc), c110, c111, add); }
            return;
        }

        StoreEdge(c, c00, c01, cols, add);
        if (rows > 1) { StoreEdge(c + (1 * ldc), c10, c11, cols, add); }
        if (rows > 2) { StoreEdge(c + (2 * ldc), c20, c21, cols, add); }
        if (rows > 3) { StoreEdge(c + (3 * ldc), c30, c31, cols, add); }
        if (rows > 4) { StoreEdge(c + (4 * ldc), c40, c41, cols, add); }
        if (rows > 5) { StoreEdge(c + (5 * ldc), c50, c51, cols, add); }
        if (rows > 6) { StoreEdge(c + (6 * ldc), c60, c61, cols, add); }
        if (rows > 7) { StoreEdge(c + (7 * ldc), c70, c71, cols, add); }
        if (rows > 8) { StoreEdge(c + (8 * ldc), c80, c81, cols, add); }
        if (rows > 9) { StoreEdge(c + (9 * ldc), c90, c91, cols, add); }
        if (rows > 10) { StoreEdge(c + (10 * ldc), c100, c101, cols, add); }
        if (rows > 11) { StoreEdge(c + (11 * ldc), c110, c111, cols, add); }
    }

    // An 8 x 32 tile for products of few rows (a decoding step's 16 or 32 voices), which 12 rows would pad by half
    // or an eighth: 16 of the zmm registers; per k two loads of B, eight broadcasts of A, sixteen FMAs.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Kernel8x32(int kc, float* a, nint s, nint step, float* b, int ldb, float* c, int ldc, int rows, int cols, bool add, float* bias)
    {
        float* a0 = a, a3 = a + (3 * s), a6 = a + (6 * s);
        var bias0 = bias == null ? default : Vector512.Load(bias);
        var bias1 = bias == null ? default : Vector512.Load(bias + 16);
        Vector512<float> c00 = bias0, c01 = bias1, c10 = bias0, c11 = bias1, c20 = bias0, c21 = bias1, c30 = bias0, c31 = bias1;
        Vector512<float> c40 = bias0, c41 = bias1, c50 = bias0, c51 = bias1, c60 = bias0, c61 = bias1, c70 = bias0, c71 = bias1;
        for (int k = 0; k < kc; k++, b += ldb, a0 += step, a3 += step, a6 += step)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var x0 = Vector512.Create(*a0);
            c00 = Avx512F.FusedMultiplyAdd(x0, b0, c00); c01 = Avx512F.FusedMultiplyAdd(x0, b1, c01);
            var x1 = Vector512.Create(a0[s]);
            c10 = Avx512F.FusedMultiplyAdd(x1, b0, c10); c11 = Avx512F.FusedMultiplyAdd(x1, b1, c11);
            var x2 = Vector512.Create(a0[2 * s]);
            c20 = Avx512F.FusedMultiplyAdd(x2, b0, c20); c21 = Avx512F.FusedMultiplyAdd(x2, b1, c21);
            var x3 = Vector512.Create(*a3);
            c30 = Avx512F.FusedMultiplyAdd(x3, b0, c30); c31 = Avx512F.FusedMultiplyAdd(x3, b1, c31);
            var x4 = Vector512.Create(a3[s]);
            c40 = Avx512F.FusedMultiplyAdd(x4, b0, c40); c41 = Avx512F.FusedMultiplyAdd(x4, b1, c41);
            var x5 = Vector512.Create(a3[2 * s]);
            c50 = Avx512F.FusedMultiplyAdd(x5, b0, c50); c51 = Avx512F.FusedMultiplyAdd(x5, b1, c51);
            var x6 = Vector512.Create(*a6);
            c60 = Avx512F.FusedMultiplyAdd(x6, b0, c60); c61 = Avx512F.FusedMultiplyAdd(x6, b1, c61);
            var x7 = Vector512.Create(a6[s]);
            c70 = Avx512F.FusedMultiplyAdd(x7, b0, c70); c71 = Avx512F.FusedMultiplyAdd(x7, b1, c71);
        }

        if (cols == 32)
        {
            Store512(c, c00, c01, add);
            if (rows > 1) { Store512(c + (1 * ldc), c10, c11, add); }
            if (rows > 2) { Store512(c + (2 * ldc), c20, c21, add); }
            if (rows > 3) { Store512(c + (3 * ldc), c30, c31, add); }
            if (rows > 4) { Store512(c + (4 * ldc), c40, c41, add); }
            if (rows > 5) { Store512(c + (5 * ldc), c50, c51, add); }
            if (rows > 6) { Store512(c + (6 * ldc), c60, c61, add); }
            if (rows > 7) { Store512(c + (7 * ldc), c70, c71, add); }
            return;
        }

        StoreEdge(c, c00, c01, cols, add);
        if (rows > 1) { StoreEdge(c + (1 * ldc), c10, c11, cols, add); }
        if (rows > 2) { StoreEdge(c + (2 * ldc), c20, c21, cols, add); }
        if (rows > 3) { StoreEdge(c + (3 * ldc), c30, c31, cols, add); }
        if (rows > 4) { StoreEdge(c + (4 * ldc), c40, c41, cols, add); }
        if (rows > 5) { StoreEdge(c + (5 * ldc), c50, c51, cols, add); }
        if (rows > 6) { StoreEdge(c + (6 * ldc), c60, c61, cols, add); }
        if (rows > 7) { StoreEdge(c + (7 * ldc), c70, c71, cols, add); }
    }

    // A 16 x 16 tile for narrow products (attention's weights times values, N = 16): one zmm of B per k,
    // sixteen broadcasts of A, sixteen FMAs.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Kernel16x16(int kc, float* a, nint s, nint step, float* b, int ldb, float* c, int ldc, int rows, int cols, bool add, float* bias)
    {
        float* a0 = a, a3 = a + (3 * s), a6 = a + (6 * s), a9 = a + (9 * s), a12 = a + (12 * s), a15 = a + (15 * s);
        var bias0 = bias == null ? default : Vector512.Load(bias);
        Vector512<float> c0 = bias0, c1 = bias0, c2 = bias0, c3 = bias0, c4 = bias0, c5 = bias0, c6 = bias0, c7 = bias0;
        Vector512<float> c8 = bias0, c9 = bias0, c10 = bias0, c11 = bias0, c12 = bias0, c13 = bias0, c14 = bias0, c15 = bias0;
        for (int k = 0; k < kc; k++, b += ldb, a0 += step, a3 += step, a6 += step, a9 += step, a12 += step, a15 += step)
        {
            var b0 = Vector512.Load(b);
            c0 = Avx512F.FusedMultiplyAdd(Vector512.Create(*a0), b0, c0);
            c1 = Avx512F.FusedMultiplyAdd(Vector512.Create(a0[s]), b0, c1);
            c2 = Avx512F.FusedMultiplyAdd(Vector512.Create(a0[2 * s]), b0, c2);
            c3 = Avx512F.FusedMultiplyAdd(Vector512.Create(*a3), b0, c3);
            c4 = Avx512F.FusedMultiplyAdd(Vector512.Create(a3[s]), b0, c4);
            c5 = Avx512F.FusedMultiplyAdd(Vector512.Create(a3[2 * s]), b0, c5);
            c6 = Avx512F.FusedMultiplyAdd(Vector512.Create(*a6), b0, c6);
            c7 = Avx512F.FusedMultiplyAdd(Vector512.Create(a6[s]), b0, c7);
            c8 = Avx512F.FusedMultiplyAdd(Vector512.Create(a6[2 * s]), b0, c8);
            c9 = Avx512F.FusedMultiplyAdd(Vector512.Create(*a9), b0, c9);
            c10 = Avx512F.FusedMultiplyAdd(Vector512.Create(a9[s]), b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(Vector512.Create(a9[2 * s]), b0, c11);
            c12 = Avx512F.FusedMultiplyAdd(Vector512.Create(*a12), b0, c12);
            c13 = Avx512F.FusedMultiplyAdd(Vector512.Create(a12[s]), b0, c13);
            c14 = Avx512F.FusedMultiplyAdd(Vector512.Create(a12[2 * s]), b0, c14);
            c15 = Avx512F.FusedMultiplyAdd(Vector512.Create(*a15), b0, c15);
        }

        StoreRow16(c, c0, cols, add);
        if (rows > 1) { StoreRow16(c + ldc, c1, cols, add); }
        if (rows > 2) { StoreRow16(c + (2 * ldc), c2, cols, add); }
        if (rows > 3) { StoreRow16(c + (3 * ldc), c3, cols, add); }
        if (rows > 4) { StoreRow16(c + (4 * ldc), c4, cols, add); }
        if (rows > 5) { StoreRow16(c + (5 * ldc), c5, cols, add); }
        if (rows > 6) { StoreRow16(c + (6 * ldc), c6, cols, add); }
        if (rows > 7) { StoreRow16(c + (7 * ldc), c7, cols, add); }
        if (rows > 8) { StoreRow16(c + (8 * ldc), c8, cols, add); }
        if (rows > 9) { StoreRow16(c + (9 * ldc), c9, cols, add); }
        if (rows > 10) { StoreRow16(c + (10 * ldc), c10, cols, add); }
        if (rows > 11) { StoreRow16(c + (11 * ldc), c11, cols, add); }
        if (rows > 12) { StoreRow16(c + (12 * ldc), c12, cols, add); }
        if (rows > 13) { StoreRow16(c + (13 * ldc), c13, cols, add); }
        if (rows > 14) { StoreRow16(c + (14 * ldc), c14, cols, add); }
        if (rows > 15) { StoreRow16(c + (15 * ldc), c15, cols, add); }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreRow16(float* c, Vector512<float> v, int cols, bool add)
    {
        if (cols == 16)
        {
            (add ? v + Vector512.Load(c) : v).Store(c);
        }
        else
        {
            // Lane by lane: the AVX masked moves take only ymm0-15, a constraint that made the JIT spill two of the
            // sixteen accumulators inside the k loop. Products narrower than sixteen columns are rare and small.
            for (int j = 0; j < cols; j++)
            {
                c[j] = (add ? c[j] : 0f) + v.GetElement(j);
            }
        }
    }

    // Columns 0..cols-1 of a 32-wide row, with AVX masked moves (.NET 8 has no AVX-512 masked store).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreEdge(float* c, Vector512<float> lo, Vector512<float> hi, int cols, bool add)
    {
        StoreMasked(c, lo.GetLower(), cols, add);
        StoreMasked(c + 8, lo.GetUpper(), cols - 8, add);
        StoreMasked(c + 16, hi.GetLower(), cols - 16, add);
        StoreMasked(c + 24, hi.GetUpper(), cols - 24, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store512(float* c, Vector512<float> lo, Vector512<float> hi, bool add)
    {
        if (add)
        {
            lo += Vector512.Load(c);
            hi += Vector512.Load(c + 16);
        }

        lo.Store(c);
        hi.Store(c + 16);
    }
}

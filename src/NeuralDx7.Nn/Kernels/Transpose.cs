using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralDx7.Nn.Kernels;

/// <summary>
/// Float32 transposes sixteen by sixteen in registers: sixteen loads, sixty-four shuffles, sixteen stores, where
/// an element-by-element transpose takes a scattered store per value.
/// </summary>
internal static class Transpose
{
    public static bool IsAccelerated => Avx512F.IsSupported;

    /// <summary>
    /// Writes the transpose of a 16 x 16 block: row r of <paramref name="source"/> becomes column r of
    /// <paramref name="destination"/>. Rows from <paramref name="rows"/> on are read as zeros (a block at the end
    /// of a matrix whose height sixteen does not divide); all sixteen destination rows are written.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Block16(float* source, int sourceStride, int rows, float* destination, int destinationStride)
    {
        // Stage 1: interleave pairs of rows; stage 2: pairs of pairs; stages 3 and 4: 128-bit lanes across four and eight rows.
        var r0 = Row(source, sourceStride, rows, 0); var r1 = Row(source, sourceStride, rows, 1);
        var r2 = Row(source, sourceStride, rows, 2); var r3 = Row(source, sourceStride, rows, 3);
        var r4 = Row(source, sourceStride, rows, 4); var r5 = Row(source, sourceStride, rows, 5);
        var r6 = Row(source, sourceStride, rows, 6); var r7 = Row(source, sourceStride, rows, 7);
        var r8 = Row(source, sourceStride, rows, 8); var r9 = Row(source, sourceStride, rows, 9);
        var r10 = Row(source, sourceStride, rows, 10); var r11 = Row(source, sourceStride, rows, 11);
        var r12 = Row(source, sourceStride, rows, 12); var r13 = Row(source, sourceStride, rows, 13);
        var r14 = Row(source, sourceStride, rows, 14); var r15 = Row(source, sourceStride, rows, 15);

        var t0 = Avx512F.UnpackLow(r0, r1); var t1 = Avx512F.UnpackHigh(r0, r1); var t2 = Avx512F.UnpackLow(r2, r3); var t3 = Avx512F.UnpackHigh(r2, r3);
        var t4 = Avx512F.UnpackLow(r4, r5); var t5 = Avx512F.UnpackHigh(r4, r5); var t6 = Avx512F.UnpackLow(r6, r7); var t7 = Avx512F.UnpackHigh(r6, r7);
        var t8 = Avx512F.UnpackLow(r8, r9); var t9 = Avx512F.UnpackHigh(r8, r9); var t10 = Avx512F.UnpackLow(r10, r11); var t11 = Avx512F.UnpackHigh(r10, r11);
        var t12 = Avx512F.UnpackLow(r12, r13); var t13 = Avx512F.UnpackHigh(r12, r13); var t14 = Avx512F.UnpackLow(r14, r15); var t15 = Avx512F.UnpackHigh(r14, r15);

        r0 = PairsLow(t0, t2); r1 = PairsHigh(t0, t2); r2 = PairsLow(t1, t3); r3 = PairsHigh(t1, t3);
        r4 = PairsLow(t4, t6); r5 = PairsHigh(t4, t6); r6 = PairsLow(t5, t7); r7 = PairsHigh(t5, t7);
        r8 = PairsLow(t8, t10); r9 = PairsHigh(t8, t10); r10 = PairsLow(t9, t11); r11 = PairsHigh(t9, t11);
        r12 = PairsLow(t12, t14); r13 = PairsHigh(t12, t14); r14 = PairsLow(t13, t15); r15 = PairsHigh(t13, t15);

        t0 = Avx512F.Shuffle4x128(r0, r4, 0x88); t1 = Avx512F.Shuffle4x128(r1, r5, 0x88);
        t2 = Avx512F.Shuffle4x128(r2, r6, 0x88); t3 = Avx512F.Shuffle4x128(r3, r7, 0x88);
        t4 = Avx512F.Shuffle4x128(r0, r4, 0xDD); t5 = Avx512F.Shuffle4x128(r1, r5, 0xDD);
        t6 = Avx512F.Shuffle4x128(r2, r6, 0xDD); t7 = Avx512F.Shuffle4x128(r3, r7, 0xDD);
        t8 = Avx512F.Shuffle4x128(r8, r12, 0x88); t9 = Avx512F.Shuffle4x128(r9, r13, 0x88);
        t10 = Avx512F.Shuffle4x128(r10, r14, 0x88); t11 = Avx512F.Shuffle4x128(r11, r15, 0x88);
        t12 = Avx512F.Shuffle4x128(r8, r12, 0xDD); t13 = Avx512F.Shuffle4x128(r9, r13, 0xDD);
        t14 = Avx512F.Shuffle4x128(r10, r14, 0xDD); t15 = Avx512F.Shuffle4x128(r11, r15, 0xDD);

        float* d = destination;
        int s = destinationStride;
        Avx512F.Shuffle4x128(t0, t8, 0x88).Store(d); Avx512F.Shuffle4x128(t1, t9, 0x88).Store(d + s);
        Avx512F.Shuffle4x128(t2, t10, 0x88).Store(d + (2 * s)); Avx512F.Shuffle4x128(t3, t11, 0x88).Store(d + (3 * s));
        Avx512F.Shuffle4x128(t4, t12, 0x88).Store(d + (4 * s)); Avx512F.Shuffle4x128(t5, t13, 0x88).Store(d + (5 * s));
        Avx512F.Shuffle4x128(t6, t14, 0x88).Store(d + (6 * s)); Avx512F.Shuffle4x128(t7, t15, 0x88).Store(d + (7 * s));
        Avx512F.Shuffle4x128(t0, t8, 0xDD).Store(d + (8 * s)); Avx512F.Shuffle4x128(t1, t9, 0xDD).Store(d + (9 * s));
        Avx512F.Shuffle4x128(t2, t10, 0xDD).Store(d + (10 * s)); Avx512F.Shuffle4x128(t3, t11, 0xDD).Store(d + (11 * s));
        Avx512F.Shuffle4x128(t4, t12, 0xDD).Store(d + (12 * s)); Avx512F.Shuffle4x128(t5, t13, 0xDD).Store(d + (13 * s));
        Avx512F.Shuffle4x128(t6, t14, 0xDD).Store(d + (14 * s)); Avx512F.Shuffle4x128(t7, t15, 0xDD).Store(d + (15 * s));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector512<float> Row(float* source, int stride, int rows, int r) =>
        r < rows ? Vector512.Load(source + (r * stride)) : Vector512<float>.Zero;

    // Interleaves 64-bit pairs: the second stage moves two floats at a time.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> PairsLow(Vector512<float> a, Vector512<float> b) => Avx512F.UnpackLow(a.AsDouble(), b.AsDouble()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> PairsHigh(Vector512<float> a, Vector512<float> b) => Avx512F.UnpackHigh(a.AsDouble(), b.AsDouble()).AsSingle();
}

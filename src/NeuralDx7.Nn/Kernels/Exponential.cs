using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralDx7.Nn.Kernels;

/// <summary>
/// exp for float32, sixteen at a time (eight where the CPU has AVX2 but not AVX-512): x = n ln 2 + r with
/// |r| &lt;= ln 2 / 2, e^r by Cephes' degree-7 polynomial (within 2 ulp of the true value), then 2^n applied
/// exactly (vscalefps; two powers of two on AVX2). Below e^-86.5 the
/// result is 0, above float's range infinity. Four times faster than a widening-to-double exp: softmax and GELU live on it.
/// </summary>
internal static class Exponential
{
    public const float Log2E = 1.44269504088896341f;
    private const float Ln2High = 0.693359375f, Ln2Low = -2.12194440e-4f; // ln 2 in two parts: n * Ln2High is exact

    // Cephes' expf polynomial for e^r - 1 - r over r^2, highest power first; both vector widths use it.
    private const float ExpC0 = 1.9875691500e-4f, ExpC1 = 1.3981999507e-3f, ExpC2 = 8.3334519073e-3f,
        ExpC3 = 4.1665795894e-2f, ExpC4 = 1.6666665459e-1f, ExpC5 = 5.0000001201e-1f;

    // Cephes' exp2f polynomial for 2^f on [-0.5, 0.5], highest power first (the constant term is 1).
    private const float Exp2C0 = 1.535336188319500e-4f, Exp2C1 = 1.339887440266574e-3f, Exp2C2 = 9.618437357674640e-3f,
        Exp2C3 = 5.550332471162809e-2f, Exp2C4 = 2.402264791363012e-1f, Exp2C5 = 6.931472028550421e-1f;

    private const float Rounder = 12582912f; // 1.5 * 2^23: adding it leaves round(t) in the low mantissa bits
    private const float Exp2Floor = -125f;   // 2^-125 stays a normal float, as negligible as 0 beside a row's peak of 1

    // Below this e^x is 0 rather than a subnormal or one near it: any subnormal result, even one masked off later,
    // costs a microcode assist of hundreds of cycles. e^-86.5 is 2.7e-38, just above the smallest normal float.
    private const float SmallestArgument = -86.5f;
    private const float LargestArgument = 89f; // past float's range (e^88.72): infinity, with r still finite

    public static bool IsAccelerated => Avx512F.IsSupported;

    /// <summary>The eight-lane forms below run: a CPU with AVX2 and FMA but not AVX-512 (most desktops and AMD servers).</summary>
    public static bool IsAccelerated256 => !Avx512F.IsSupported && Fma.IsSupported && Avx2.IsSupported;

    /// <summary>e^x for each lane; NaN stays NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        // Clamped so that 2^n e^r stays normal or overflows to infinity; r stays finite.
        var clamped = Vector512.Min(Vector512.Max(x, Vector512.Create(SmallestArgument)), Vector512.Create(LargestArgument));
        var n = Avx512F.RoundScale(clamped * Vector512.Create(Log2E), 0x08); // nearest, no exceptions
        var r = Avx512F.FusedMultiplyAddNegated(n, Vector512.Create(Ln2High), clamped);
        r = Avx512F.FusedMultiplyAddNegated(n, Vector512.Create(Ln2Low), r);
        var p = Vector512.Create(ExpC0);
        p = Avx512F.FusedMultiplyAdd(p, r, Vector512.Create(ExpC1));
        p = Avx512F.FusedMultiplyAdd(p, r, Vector512.Create(ExpC2));
        p = Avx512F.FusedMultiplyAdd(p, r, Vector512.Create(ExpC3));
        p = Avx512F.FusedMultiplyAdd(p, r, Vector512.Create(ExpC4));
        p = Avx512F.FusedMultiplyAdd(p, r, Vector512.Create(ExpC5));
        var er = Avx512F.FusedMultiplyAdd(p, r * r, r + Vector512<float>.One);
        var result = Avx512F.Scale(er, n);
        result = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(SmallestArgument)), Vector512<float>.Zero, result);
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), result, x);
    }

    /// <summary>
    /// 2^t for the arguments of a softmax (t &lt;= 0, in log2 units): within 2e-7 relative, and cheaper than
    /// <see cref="Exp(Vector512{float})"/> by a third. The exponent goes into the result's bits by an integer add, not vscalefps;
    /// below -125 the result is 2^-125, a normal float as negligible as 0 next to the row's largest value of 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp2OfNonPositive(Vector512<float> t)
    {
        var clamped = Avx512F.Max(t, Vector512.Create(Exp2Floor));
        var rounder = Vector512.Create(Rounder);
        var shifted = clamped + rounder;
        var f = clamped - (shifted - rounder); // in [-0.5, 0.5]
        var p = Vector512.Create(Exp2C0);
        p = Avx512F.FusedMultiplyAdd(p, f, Vector512.Create(Exp2C1));
        p = Avx512F.FusedMultiplyAdd(p, f, Vector512.Create(Exp2C2));
        p = Avx512F.FusedMultiplyAdd(p, f, Vector512.Create(Exp2C3));
        p = Avx512F.FusedMultiplyAdd(p, f, Vector512.Create(Exp2C4));
        p = Avx512F.FusedMultiplyAdd(p, f, Vector512.Create(Exp2C5));
        p = Avx512F.FusedMultiplyAdd(p, f, Vector512<float>.One);
        return (p.AsInt32() + Avx512F.ShiftLeftLogical(shifted.AsInt32(), 23)).AsSingle();
    }

    /// <summary>
    /// e^x for eight lanes, the same polynomial as the sixteen-lane form. AVX2 has no vscalefps: 2^n goes in as two
    /// exact power-of-two factors built from their bits, as n (up to 129) would overflow one float's exponent field.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        var clamped = Vector256.Min(Vector256.Max(x, Vector256.Create(SmallestArgument)), Vector256.Create(LargestArgument));
        var n = Avx.RoundToNearestInteger(clamped * Vector256.Create(Log2E));
        var r = Fma.MultiplyAddNegated(n, Vector256.Create(Ln2High), clamped);
        r = Fma.MultiplyAddNegated(n, Vector256.Create(Ln2Low), r);
        var p = Vector256.Create(ExpC0);
        p = Fma.MultiplyAdd(p, r, Vector256.Create(ExpC1));
        p = Fma.MultiplyAdd(p, r, Vector256.Create(ExpC2));
        p = Fma.MultiplyAdd(p, r, Vector256.Create(ExpC3));
        p = Fma.MultiplyAdd(p, r, Vector256.Create(ExpC4));
        p = Fma.MultiplyAdd(p, r, Vector256.Create(ExpC5));
        var er = Fma.MultiplyAdd(p, r * r, r + Vector256<float>.One);
        var exponent = Avx.ConvertToVector256Int32(n); // n is integral: the conversion is exact
        var half = Avx2.ShiftRightArithmetic(exponent, 1);
        var result = er * PowerOfTwo(half) * PowerOfTwo(exponent - half);
        result = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(SmallestArgument)), Vector256<float>.Zero, result);
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), result, x);
    }

    // 2^k as a float from its exponent bits, for k in [-126, 127].
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> PowerOfTwo(Vector256<int> k) =>
        Avx2.ShiftLeftLogical(k + Vector256.Create(127), 23).AsSingle();

    /// <summary>2^t for t &lt;= 0 on eight lanes: <see cref="Exp2OfNonPositive(Vector512{float})"/>'s arithmetic.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp2OfNonPositive(Vector256<float> t)
    {
        var clamped = Avx.Max(t, Vector256.Create(Exp2Floor));
        var rounder = Vector256.Create(Rounder);
        var shifted = clamped + rounder;
        var f = clamped - (shifted - rounder);
        var p = Vector256.Create(Exp2C0);
        p = Fma.MultiplyAdd(p, f, Vector256.Create(Exp2C1));
        p = Fma.MultiplyAdd(p, f, Vector256.Create(Exp2C2));
        p = Fma.MultiplyAdd(p, f, Vector256.Create(Exp2C3));
        p = Fma.MultiplyAdd(p, f, Vector256.Create(Exp2C4));
        p = Fma.MultiplyAdd(p, f, Vector256.Create(Exp2C5));
        p = Fma.MultiplyAdd(p, f, Vector256<float>.One);
        return (p.AsInt32() + Avx2.ShiftLeftLogical(shifted.AsInt32(), 23)).AsSingle();
    }

    /// <summary>y = e^x element by element (spans may be the same).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a hot loop: fully optimised from its first call
    public static void Exp(ReadOnlySpan<float> x, Span<float> y)
    {
        if (y.Length < x.Length)
        {
            throw new ArgumentException("The destination is shorter than the source.", nameof(y));
        }

        if (IsAccelerated256 && x.Length < 8)
        {
            Span<float> padded = stackalloc float[8];
            padded.Clear();
            x.CopyTo(padded);
            Exp(Vector256.Create(padded)).CopyTo(padded);
            padded[..x.Length].CopyTo(y);
            return;
        }

        if (IsAccelerated256)
        {
            var tail = Exp(Vector256.Create(x[^8..])); // read before the loop may overwrite it, as below
            for (int i = 0; i + 8 <= x.Length; i += 8)
            {
                Exp(Vector256.Create(x.Slice(i, 8))).CopyTo(y.Slice(i, 8));
            }

            tail.CopyTo(y.Slice(x.Length - 8, 8));
            return;
        }

        if (!IsAccelerated)
        {
            System.Numerics.Tensors.TensorPrimitives.Exp(x, y);
            return;
        }

        if (x.Length < 16)
        {
            Span<float> padded = stackalloc float[16];
            padded.Clear();
            x.CopyTo(padded);
            Exp(Vector512.Create(padded)).CopyTo(padded);
            padded[..x.Length].CopyTo(y);
            return;
        }

        // The last sixteen first, read before the loop may overwrite them (x and y may be one span), stored after.
        var last = Exp(Vector512.Create(x[^16..]));
        for (int i = 0; i + 16 <= x.Length; i += 16)
        {
            Exp(Vector512.Create(x.Slice(i, 16))).CopyTo(y.Slice(i, 16));
        }

        last.CopyTo(y.Slice(x.Length - 16, 16));
    }
}

using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralDx7.Nn.Kernels;

/// <summary>
/// The error function, for GELU. Float32 uses a rational minimax form on [-4, 4] (odd degree-13 numerator over
/// even degree-8 denominator, the form Eigen and XLA use; beyond 4 erf is 1 in float): no exp, absolute error
/// below 4e-7, Phi(x) within 2e-7. Double uses a series and a continued fraction accurate to about 1e-15, so
/// gradient checks in double precision see the true function.
/// </summary>
public static class Erf
{
    private const float Alpha1 = -1.60960333262415e-02f, Alpha3 = -2.95459980854025e-03f, Alpha5 = -7.34990630326855e-04f,
        Alpha7 = -5.69250639462346e-05f, Alpha9 = -2.10102402082508e-06f, Alpha11 = 2.77068142495902e-08f, Alpha13 = -2.72614225801306e-10f;

    private const float Beta0 = -1.42647390514189e-02f, Beta2 = -7.37332916720468e-03f, Beta4 = -1.68282697438203e-03f,
        Beta6 = -2.13374055278905e-04f, Beta8 = -1.45660718464996e-05f;

    private const float InverseSqrtTwo = 0.70710678f;

    /// <summary>erf(x) for one float.</summary>
    internal static float Float(float x)
    {
        x = Math.Clamp(x, -4f, 4f);
        float x2 = x * x;
        float p = MathF.FusedMultiplyAdd(x2, Alpha13, Alpha11);
        p = MathF.FusedMultiplyAdd(x2, p, Alpha9);
        p = MathF.FusedMultiplyAdd(x2, p, Alpha7);
        p = MathF.FusedMultiplyAdd(x2, p, Alpha5);
        p = MathF.FusedMultiplyAdd(x2, p, Alpha3);
        p = MathF.FusedMultiplyAdd(x2, p, Alpha1);
        float q = MathF.FusedMultiplyAdd(x2, Beta8, Beta6);
        q = MathF.FusedMultiplyAdd(x2, q, Beta4);
        q = MathF.FusedMultiplyAdd(x2, q, Beta2);
        q = MathF.FusedMultiplyAdd(x2, q, Beta0);
        return x * p / q;
    }

    /// <summary>Phi(x) = (1 + erf(x / sqrt 2)) / 2 for one float.</summary>
    internal static float NormalCdf(float x) => 0.5f + (0.5f * Float(x * InverseSqrtTwo));

    /// <summary>Phi(x) for sixteen values, the same arithmetic as the scalar form.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> NormalCdf(Vector512<float> value)
    {
        var x = Vector512.Min(Vector512.Max(value * Vector512.Create(InverseSqrtTwo), Vector512.Create(-4f)), Vector512.Create(4f));
        var x2 = x * x;
        var p = MultiplyAdd(x2, Vector512.Create(Alpha13), Vector512.Create(Alpha11));
        p = MultiplyAdd(x2, p, Vector512.Create(Alpha9));
        p = MultiplyAdd(x2, p, Vector512.Create(Alpha7));
        p = MultiplyAdd(x2, p, Vector512.Create(Alpha5));
        p = MultiplyAdd(x2, p, Vector512.Create(Alpha3));
        p = MultiplyAdd(x2, p, Vector512.Create(Alpha1));
        var q = MultiplyAdd(x2, Vector512.Create(Beta8), Vector512.Create(Beta6));
        q = MultiplyAdd(x2, q, Vector512.Create(Beta4));
        q = MultiplyAdd(x2, q, Vector512.Create(Beta2));
        q = MultiplyAdd(x2, q, Vector512.Create(Beta0));
        var erf = x * p * Reciprocal.Of(q); // q runs from -0.0143 to -2.39 on [-4, 4]
        var half = Vector512.Create(0.5f);
        return MultiplyAdd(half, erf, half);
    }

    /// <summary>Phi(x) for eight values, the same arithmetic.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> NormalCdf(Vector256<float> value)
    {
        var x = Vector256.Min(Vector256.Max(value * Vector256.Create(InverseSqrtTwo), Vector256.Create(-4f)), Vector256.Create(4f));
        var x2 = x * x;
        var p = Fma.MultiplyAdd(x2, Vector256.Create(Alpha13), Vector256.Create(Alpha11));
        p = Fma.MultiplyAdd(x2, p, Vector256.Create(Alpha9));
        p = Fma.MultiplyAdd(x2, p, Vector256.Create(Alpha7));
        p = Fma.MultiplyAdd(x2, p, Vector256.Create(Alpha5));
        p = Fma.MultiplyAdd(x2, p, Vector256.Create(Alpha3));
        p = Fma.MultiplyAdd(x2, p, Vector256.Create(Alpha1));
        var q = Fma.MultiplyAdd(x2, Vector256.Create(Beta8), Vector256.Create(Beta6));
        q = Fma.MultiplyAdd(x2, q, Vector256.Create(Beta4));
        q = Fma.MultiplyAdd(x2, q, Vector256.Create(Beta2));
        q = Fma.MultiplyAdd(x2, q, Vector256.Create(Beta0));
        var erf = x * p * Reciprocal.Of(q);
        var half = Vector256.Create(0.5f);
        return Fma.MultiplyAdd(half, erf, half);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) =>
        Avx512F.IsSupported ? Avx512F.FusedMultiplyAdd(a, b, c) : (a * b) + c;

    /// <summary>erf(x) to double precision.</summary>
    public static double Double(double x)
    {
        double z = Math.Abs(x);
        double result;
        if (z < 3.0)
        {
            // Maclaurin series: 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1)).
            double term = z, sum = z, x2 = z * z;
            for (int n = 1; n < 100; n++)
            {
                term *= -x2 / n;
                double add = term / ((2 * n) + 1);
                sum += add;
                if (Math.Abs(add) < 1e-17 * Math.Abs(sum))
                {
                    break;
                }
            }

            result = sum * 2.0 / Math.Sqrt(Math.PI);
        }
        else
        {
            // erfc by its continued fraction, evaluated with the modified Lentz method.
            const double tiny = 1e-300;
            double f = z, c = z, d = 0;
            for (int n = 1; n < 200; n++)
            {
                double an = n / 2.0;
                d = z + (an * d);
                d = Math.Abs(d) < tiny ? tiny : d;
                c = z + (an / c);
                c = Math.Abs(c) < tiny ? tiny : c;
                d = 1 / d;
                double delta = c * d;
                f *= delta;
                if (Math.Abs(delta - 1) < 1e-16)
                {
                    break;
                }
            }

            result = 1.0 - (Math.Exp(-z * z) / Math.Sqrt(Math.PI) / f);
        }

        return x < 0 ? -result : result;
    }

    internal static T Generic<T>(T x)
        where T : IFloatingPointIeee754<T> =>
        T.CreateChecked(Double(double.CreateChecked(x)));
}

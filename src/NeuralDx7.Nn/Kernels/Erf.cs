using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralDx7.Nn.Kernels;

/// <summary>
/// The error function, for GELU. Float32 uses the Abramowitz and Stegun 7.1.26 rational form (absolute error
/// below 1.5e-7, as PyTorch's vectorised CPU kernel does); double uses a series and a continued fraction
/// accurate to about 1e-15, so gradient checks in double precision see the true function.
/// </summary>
public static class Erf
{
    private const float P = 0.3275911f;
    private const float A1 = 0.254829592f, A2 = -0.284496736f, A3 = 1.421413741f, A4 = -1.453152027f, A5 = 1.061405429f;

    /// <summary>erf(x) for float, given exp(-x * x) already computed (vectorised) by the caller.</summary>
    internal static float Float(float x, float expMinusXSquared)
    {
        float z = MathF.Abs(x);
        float t = 1f / (1f + (P * z));
        float poly = t * (A1 + (t * (A2 + (t * (A3 + (t * (A4 + (t * A5))))))));
        float e = 1f - (poly * expMinusXSquared);
        return x < 0 ? -e : e;
    }

    /// <summary>Phi(x) for sixteen values, given exp(-x^2 / 2) for each.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> NormalCdf(Vector512<float> x, Vector512<float> expMinusHalfXSquared)
    {
        var one = Vector512<float>.One;
        var denominator = one + (Vector512.Create(P * 0.70710678f) * Vector512.Abs(x)); // 1 + p |x| / sqrt 2
        var t = ReciprocalOfAtLeastOne(denominator);
        var poly = t * (Vector512.Create(A1) + (t * (Vector512.Create(A2) + (t * (Vector512.Create(A3) + (t * (Vector512.Create(A4) + (t * Vector512.Create(A5)))))))));
        var erfAbs = one - (poly * expMinusHalfXSquared);
        var erf = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<float>.Zero), -erfAbs, erfAbs);
        return Vector512.Create(0.5f) * (one + erf);
    }

    /// <summary>
    /// 1 / d for d &gt;= 1 (infinity included): a 14-bit estimate refined by one Newton step to about 2^-27, a few
    /// cycles where a 512-bit division blocks its port for sixteen.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> ReciprocalOfAtLeastOne(Vector512<float> d)
    {
        if (!Avx512F.IsSupported)
        {
            return Vector512<float>.One / d;
        }

        var estimate = Avx512F.Reciprocal14(d);
        var refined = estimate * (Vector512.Create(2f) - (d * estimate));
        return Vector512.ConditionalSelect(Vector512.Equals(estimate, Vector512<float>.Zero), estimate, refined); // 1 / inf
    }

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

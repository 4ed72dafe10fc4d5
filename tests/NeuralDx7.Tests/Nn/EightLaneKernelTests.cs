using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NeuralDx7.Nn.Kernels;

namespace NeuralDx7.Tests.Nn;

/// <summary>A fact about the eight-lane (AVX2 and FMA) kernels: any x86 CPU of the last decade runs it, with AVX-512 or without.</summary>
public sealed class Avx2FactAttribute : FactAttribute
{
    public Avx2FactAttribute()
    {
        if (!(Avx2.IsSupported && Fma.IsSupported))
        {
            Skip = "This CPU has no AVX2 and FMA.";
        }
    }
}

/// <summary>
/// The eight-lane forms of exp, 2^t, Phi, sigmoid and tanh, which a CPU without AVX-512 runs, against double-precision
/// references: the same bounds as their sixteen-lane forms. Called directly, so an AVX-512 machine checks them too.
/// </summary>
public class EightLaneKernelTests
{
    [Avx2Fact]
    public void Exp_is_within_two_ulp_over_the_whole_normal_range()
    {
        double worst = 0;
        const int count = 400_000;
        for (int i = 0; i < count; i += 8)
        {
            var x = Lanes(l => -86.49f + (175.2f * (i + l) / (count - 1))); // -86.49 .. 88.71
            var y = Exponential.Exp(x);
            for (int l = 0; l < 8; l++)
            {
                double truth = Math.Exp(x[l]);
                worst = Math.Max(worst, Math.Abs(y[l] - truth) / truth);
            }
        }

        Assert.True(worst < 2.5e-7, $"worst relative error {worst:G3} (2 ulp is 2.4e-7)");
    }

    [Avx2Fact]
    public void Exp_gives_zero_below_the_normal_range_infinity_above_and_keeps_nan()
    {
        var low = Exponential.Exp(Vector256.Create(-86.6f, -87.5f, -100f, -1e30f, float.NegativeInfinity, 0f, -0f, float.NaN));
        Assert.Equal([0f, 0f, 0f, 0f, 0f, 1f, 1f], Enumerable.Range(0, 7).Select(l => low[l]));
        Assert.True(float.IsNaN(low[7]));
        var high = Exponential.Exp(Vector256.Create(88.73f, 89f, 1000f, float.PositiveInfinity, 88.7f, 88f, 1f, -86.4f));
        Assert.All(Enumerable.Range(0, 4), l => Assert.True(float.IsPositiveInfinity(high[l]), $"lane {l}: {high[l]}"));
        Assert.Equal(Math.Exp(88.7f), high[4], 2.5e-7 * Math.Exp(88.7f)); // 2^128 e^r, built from two exact powers of two
        Assert.False(float.IsSubnormal(high[7]));
        for (float t = -120f; t < -60f; t += 0.01f)
        {
            Assert.False(float.IsSubnormal(Exponential.Exp(Vector256.Create(t))[0]), $"e^{t}");
        }
    }

    [Avx2Fact]
    public void Exp2_of_softmax_arguments_is_within_2e_7_and_stays_normal()
    {
        double worst = 0;
        const int count = 300_000;
        for (int i = 0; i < count; i += 8)
        {
            var t = Lanes(l => -125f * (i + l) / count);
            var y = Exponential.Exp2OfNonPositive(t);
            for (int l = 0; l < 8; l++)
            {
                worst = Math.Max(worst, Math.Abs(y[l] - Math.Pow(2, t[l])) / Math.Pow(2, t[l]));
            }
        }

        Assert.True(worst < 2e-7, $"worst relative error {worst:G3}");
        Assert.Equal(MathF.Pow(2, -125), Exponential.Exp2OfNonPositive(Vector256.Create(-1000f))[0]);
    }

    [Avx2Fact]
    public void Normal_cdf_is_within_3e_7_of_the_exact_erf_form()
    {
        for (int i = 0; i < 2000; i += 8)
        {
            var x = Lanes(l => -10f + ((i + l) * 0.01f));
            var phi = Erf.NormalCdf(x);
            for (int l = 0; l < 8; l++)
            {
                double truth = 0.5 * (1 + Erf.Double(x[l] / Math.Sqrt(2)));
                Assert.True(Math.Abs(phi[l] - truth) <= 3e-7, $"Phi({x[l]}) = {phi[l]}, exactly {truth}");
            }
        }
    }

    [Avx2Fact]
    public void Tanh_and_sigmoid_are_within_a_few_ulp_and_keep_nan()
    {
        double worstTanh = 0, worstSigmoid = 0;
        for (int i = 0; i < 400_000; i += 8)
        {
            var x = Lanes(l => -20f + (40f * (i + l) / 400_000));
            var tanh = SigmoidTanh.Tanh(x);
            var sigmoid = SigmoidTanh.Sigmoid(x);
            for (int l = 0; l < 8; l++)
            {
                double t = Math.Tanh(x[l]), s = 1 / (1 + Math.Exp(-x[l]));
                worstTanh = Math.Max(worstTanh, Math.Abs(tanh[l] - t) / Math.Max(Math.Abs(t), 1e-30));
                worstSigmoid = Math.Max(worstSigmoid, Math.Abs(sigmoid[l] - s) / s);
            }
        }

        Assert.True(worstTanh < 5e-7, $"tanh: worst relative error {worstTanh:G3}");
        Assert.True(worstSigmoid < 5e-7, $"sigmoid: worst relative error {worstSigmoid:G3}");
        var nan = Vector256.Create(float.NaN);
        Assert.True(float.IsNaN(SigmoidTanh.Tanh(nan)[0]) && float.IsNaN(SigmoidTanh.Sigmoid(nan)[0]));
        Assert.Equal(1f, SigmoidTanh.Tanh(Vector256.Create(float.PositiveInfinity))[0], 3e-7f);
        Assert.Equal(0f, SigmoidTanh.Sigmoid(Vector256.Create(float.NegativeInfinity))[0]);
    }

    private static Vector256<float> Lanes(Func<int, float> lane) =>
        Vector256.Create(lane(0), lane(1), lane(2), lane(3), lane(4), lane(5), lane(6), lane(7));
}

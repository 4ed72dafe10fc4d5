using NeuralDx7.Nn;
using NeuralDx7.Nn.Kernels;

namespace NeuralDx7.Tests.Nn;

/// <summary>
/// The float32 fast paths (exp, softmax rows, GELU, fused self-attention) against double-precision references
/// and against the plain ops they replace: same values within float rounding, and no subnormal output.
/// </summary>
public class FastKernelTests
{
    [Fact]
    public void Exp_is_within_two_ulp_over_the_whole_normal_range()
    {
        const int count = 400_000;
        var x = new float[count];
        for (int i = 0; i < count; i++)
        {
            x[i] = -86.49f + (175.2f * i / (count - 1)); // -86.49 .. 88.71
        }

        var y = new float[count];
        Exponential.Exp(x, y);
        double worst = 0;
        for (int i = 0; i < count; i++)
        {
            double truth = Math.Exp(x[i]);
            worst = Math.Max(worst, Math.Abs(y[i] - truth) / truth);
        }

        Assert.True(worst < 2.5e-7, $"worst relative error {worst:G3} (2 ulp is 2.4e-7)");
    }

    [Fact]
    public void Exp_gives_zero_below_the_normal_range_infinity_above_and_keeps_nan()
    {
        float[] x = [-86.6f, -87.5f, -100f, -1e30f, float.NegativeInfinity, 89f, 1000f, float.PositiveInfinity, float.NaN, 0f, -0f];
        var y = new float[x.Length];
        Exponential.Exp(x, y);
        Assert.Equal([0f, 0f, 0f, 0f, 0f], y[..5]);
        Assert.All(y[5..8], v => Assert.True(float.IsPositiveInfinity(v)));
        Assert.True(float.IsNaN(y[8]));
        Assert.Equal(1f, y[9]);
        Assert.Equal(1f, y[10]);

        var sweep = Enumerable.Range(0, 4000).Select(i => -120f + (i * 0.01f)).ToArray();
        Exponential.Exp(sweep, sweep);
        Assert.DoesNotContain(sweep, float.IsSubnormal);
    }

    [Fact]
    public void Exp_of_a_span_of_any_length_matches_element_by_element_in_place_or_not()
    {
        var random = new SeededRandom(5);
        for (int length = 0; length <= 50; length++)
        {
            var x = Enumerable.Range(0, length).Select(_ => (float)random.NextUniform(-20, 20)).ToArray();
            var y = new float[length];
            Exponential.Exp(x, y);
            var inPlace = (float[])x.Clone();
            Exponential.Exp(inPlace, inPlace);
            for (int i = 0; i < length; i++)
            {
                var single = new float[1];
                Exponential.Exp([x[i]], single);
                Assert.Equal(single[0], y[i]);
                Assert.Equal(single[0], inPlace[i]);
            }
        }
    }

    [Fact]
    public void Softmax_rows_of_every_length_match_a_double_reference()
    {
        var random = new SeededRandom(6);
        foreach (int n in Enumerable.Range(1, 70).Append(155).Append(160))
        {
            var x = Enumerable.Range(0, n).Select(_ => (float)random.NextUniform(-8, 8)).ToArray();
            var y = new float[n];
            SoftmaxRows.Row(x, y, 0.5f);
            double max = x.Max(v => 0.5 * v);
            double sum = x.Sum(v => Math.Exp((0.5 * v) - max));
            for (int j = 0; j < n; j++)
            {
                double truth = Math.Exp((0.5 * x[j]) - max) / sum;
                Assert.True(Math.Abs(y[j] - truth) <= 1e-7 + (2e-6 * truth), $"row of {n}, entry {j}: {y[j]} vs {truth}");
            }

            var inPlace = (float[])x.Clone();
            SoftmaxRows.Row(inPlace, inPlace, 0.5f);
            Assert.Equal(y, inPlace);
        }
    }

    [Fact]
    public void A_peaky_softmax_row_of_attention_width_drops_negligible_probabilities()
    {
        var x = new float[155];
        for (int j = 0; j < x.Length; j++)
        {
            x[j] = j % 3 == 0 ? -150f : j % 3 == 1 ? -60f : 2f;
        }

        var y = new float[155];
        SoftmaxRows.Row(x, y, 1f);
        Assert.DoesNotContain(y, float.IsSubnormal);
        Assert.Equal(0f, y[0]); // e^-152 relative to the peak: far below 2^-100
        Assert.True(y[1] > 0, "e^-62 relative to the peak is small but kept");
        Assert.Equal(1.0, y.Sum(v => (double)v), 5);
    }

    [Fact]
    public void Gelu_in_float_matches_the_exact_erf_form()
    {
        var x = Enumerable.Range(0, 2001).Select(i => -10f + (i * 0.01f)).ToArray();
        var y = new float[x.Length];
        var cdf = new float[x.Length];
        var density = new float[x.Length];
        Gelu.Forward(x, y, cdf, density);
        var yOnly = new float[x.Length];
        Gelu.Forward(x, yOnly, [], []);
        Assert.Equal(y, yOnly);
        for (int i = 0; i < x.Length; i++)
        {
            double phi = 0.5 * (1 + Erf.Double(x[i] / Math.Sqrt(2)));
            Assert.True(Math.Abs(y[i] - (x[i] * phi)) <= 2e-6 * Math.Max(1, Math.Abs(x[i])), $"GELU({x[i]}) = {y[i]}, exactly {x[i] * phi}");
            Assert.True(Math.Abs(cdf[i] - phi) <= 3e-7, $"Phi({x[i]})"); // Abramowitz and Stegun 7.1.26 (1.5e-7 on erf) plus float rounding
            Assert.True(Math.Abs(density[i] - Math.Exp(-0.5 * x[i] * x[i])) <= 1e-7, $"exp(-x^2/2) at {x[i]}");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LayerNorm_in_float_matches_double_forward_and_backward(bool affine)
    {
        const int rows = 7, width = 64;
        var random = new SeededRandom(9);
        double[] Values(int count) => [.. Enumerable.Range(0, count).Select(_ => random.NextUniform(-3, 3))];
        var x = Values(rows * width);
        var weight = Values(width);
        var bias = Values(width);
        var outputWeights = Values(rows * width);

        (double[] Output, double[] Gradient) Run<T>()
            where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        {
            var input = new Tensor<T>([rows, width], requiresGrad: true);
            var w = new Tensor<T>([width], requiresGrad: true);
            var b = new Tensor<T>([width], requiresGrad: true);
            for (int i = 0; i < x.Length; i++)
            {
                input[i] = T.CreateChecked(x[i]);
            }

            for (int i = 0; i < width; i++)
            {
                w[i] = T.CreateChecked(weight[i]);
                b[i] = T.CreateChecked(bias[i]);
            }

            using var g = new Graph<T>(new TensorPool<T>());
            var y = affine ? g.LayerNorm(input, w, b) : g.LayerNorm(input, null, null);
            g.Backward(g.SumAll(g.Multiply(y, g.Constant([.. outputWeights.Select(T.CreateChecked)], rows, width))));
            return ([.. y.Data.ToArray().Select(double.CreateChecked)], [.. input.Grad.ToArray().Select(double.CreateChecked)]);
        }

        var exact = Run<double>();
        var fast = Run<float>();
        for (int i = 0; i < x.Length; i++)
        {
            Assert.True(Math.Abs(exact.Output[i] - fast.Output[i]) <= 1e-5 * (1 + Math.Abs(exact.Output[i])), $"output {i}");
            Assert.True(Math.Abs(exact.Gradient[i] - fast.Gradient[i]) <= 1e-4 * (1 + Math.Abs(exact.Gradient[i])), $"gradient {i}");
        }

        // Inference keeps nothing for a backward pass and writes the same values.
        using var inference = new Graph<float>(new TensorPool<float>(), recording: false);
        var xs = Tensor.From<float>([.. x.Select(v => (float)v)], rows, width);
        var inferred = affine
            ? inference.LayerNorm(xs, Tensor.From<float>([.. weight.Select(v => (float)v)], width), Tensor.From<float>([.. bias.Select(v => (float)v)], width))
            : inference.LayerNorm(xs, null, null);
        Assert.Equal(fast.Output, inferred.Data.ToArray().Select(v => (double)v));
    }

    [Fact]
    public void Self_attention_gradients_match_finite_differences()
    {
        var random = new SeededRandom(7);
        var qkv = GradientCheck.Input(random, 2, 5, 3 * 4);
        GradientCheck.Check(g => g.SelfAttention(qkv, heads: 2, scale: 0.7), qkv);
        GradientCheck.Check(g => g.SelfAttention(qkv, heads: 1, scale: 1.3), qkv);
        GradientCheck.Check(g => g.SelfAttention(qkv, heads: 2, scale: 0.7, causal: true), qkv);
    }

    [Theory]
    [InlineData(false, 155, 16)] // the small model's heads
    [InlineData(true, 155, 16)]
    [InlineData(true, 17, 16)] // an odd number of positions
    [InlineData(false, 155, 32)] // wider heads
    [InlineData(false, 155, 16, true)] // causal: each position sees itself and those before it
    [InlineData(true, 17, 32, true)]
    public void Self_attention_in_float_equals_the_ops_it_fuses(bool parallel, int n, int width, bool causal = false)
    {
        const int batch = 3, heads = 4;
        int f = heads * width;
        var random = new SeededRandom(8);
        var input = Enumerable.Range(0, batch * n * 3 * f).Select(_ => (float)random.NextUniform(-2, 2)).ToArray();
        var outputWeights = Enumerable.Range(0, batch * n * f).Select(_ => (float)random.NextUniform(-1, 1)).ToArray();
        double scale = 1 / Math.Sqrt(heads);

        (float[] Output, float[] Gradient) Run(Func<Graph<float>, Tensor<float>, Tensor<float>> attention)
        {
            var qkv = Tensor.From<float>(input, batch, n, 3 * f);
            var trained = new Tensor<float>([batch, n, 3 * f], requiresGrad: true);
            qkv.Data.CopyTo(trained.Data);
            using var g = new Graph<float>(new TensorPool<float>(), parallel: parallel);
            var y = attention(g, trained);
            g.Backward(g.SumAll(g.Multiply(y, g.Constant(outputWeights, batch, n, f))));
            return (y.Data.ToArray(), trained.Grad.ToArray());
        }

        var fused = Run((g, qkv) => g.SelfAttention(qkv, heads, scale, causal));
        var lowerTriangle = new bool[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                lowerTriangle[(i * n) + j] = !causal || j <= i;
            }
        }

        var composed = Run((g, qkv) =>
        {
            var split = g.Permute(g.Reshape(qkv, batch, n, 3, heads, width), 2, 0, 3, 1, 4);
            var q = g.Reshape(g.Slice(split, 0, 0, 1), batch, heads, n, width);
            var k = g.Reshape(g.Slice(split, 0, 1, 1), batch, heads, n, width);
            var v = g.Reshape(g.Slice(split, 0, 2, 1), batch, heads, n, width);
            var weights = g.Softmax(g.MatMul(q, k, transposeB: true), lowerTriangle, scale: scale);
            return g.Reshape(g.Permute(g.MatMul(weights, v), 0, 2, 1, 3), batch, n, f);
        });

        AssertClose(composed.Output, fused.Output, "output");
        AssertClose(composed.Gradient, fused.Gradient, "gradient");

        // Inference keeps no weights and divides by the row sums at the end: the same output.
        using var inference = new Graph<float>(new TensorPool<float>(), recording: false, parallel: parallel);
        var inferred = inference.SelfAttention(Tensor.From<float>(input, batch, n, 3 * f), heads, scale, causal);
        AssertClose(composed.Output, inferred.Data.ToArray(), "inference output");
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(v => Math.Abs((double)v));
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * scale, $"{what} {i}: {actual[i]} vs {expected[i]} (largest {scale})");
        }
    }
}

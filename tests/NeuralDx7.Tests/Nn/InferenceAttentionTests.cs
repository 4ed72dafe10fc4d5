using System.Runtime.Intrinsics.X86;
using NeuralDx7.Nn;
using NeuralDx7.Nn.Kernels;

namespace NeuralDx7.Tests.Nn;

/// <summary>A fact about the AVX-512 kernels: reported as skipped, not passed, on a CPU without AVX-512.</summary>
public sealed class Avx512FactAttribute : FactAttribute
{
    public Avx512FactAttribute()
    {
        if (!Avx512F.IsSupported)
        {
            Skip = "This CPU has no AVX-512.";
        }
    }
}

/// <summary>
/// The inference attention kernel and its parts (16 x 16 transposes, 2^t for softmax, softmax numerators four rows
/// at a time) against plain references in double.
/// </summary>
public class InferenceAttentionTests
{
    [Avx512Fact]
    public unsafe void Block_transpose_moves_every_value_and_reads_missing_rows_as_zero()
    {
        var random = new SeededRandom(11);
        var source = Enumerable.Range(0, 16 * 40).Select(_ => (float)random.NextUniform(-1, 1)).ToArray();
        foreach (int rows in new[] { 16, 11, 1 })
        {
            var destination = Enumerable.Repeat(float.NaN, 16 * 37).ToArray();
            fixed (float* s = source, d = destination)
            {
                Transpose.Block16(s + 3, 40, rows, d + 5, 37);
            }

            for (int r = 0; r < 16; r++)
            {
                for (int c = 0; c < 16; c++)
                {
                    float expected = c < rows ? source[(c * 40) + 3 + r] : 0f;
                    Assert.Equal(expected, destination[(r * 37) + 5 + c]);
                }
            }

            Assert.True(float.IsNaN(destination[4]) && float.IsNaN(destination[5 + 16]), "nothing outside the block is written");
        }
    }

    [Avx512Fact]
    public void Exp2_of_softmax_arguments_is_within_2e_7_and_stays_normal_below_2_to_the_minus_125()
    {
        const int count = 300_000;
        double worst = 0;
        for (int i = 0; i < count; i += 16)
        {
            var t = new float[16];
            for (int l = 0; l < 16; l++)
            {
                t[l] = -125f * (i + l) / count;
            }

            var y = Exponential.Exp2OfNonPositive(System.Runtime.Intrinsics.Vector512.Create(t));
            for (int l = 0; l < 16; l++)
            {
                double truth = Math.Pow(2, t[l]);
                worst = Math.Max(worst, Math.Abs(y[l] - truth) / truth);
            }
        }

        Assert.True(worst < 2e-7, $"worst relative error {worst:G3}");
        var far = Exponential.Exp2OfNonPositive(System.Runtime.Intrinsics.Vector512.Create(-1000f));
        Assert.Equal(MathF.Pow(2, -125), far[0]);
        Assert.Equal(1f, Exponential.Exp2OfNonPositive(System.Runtime.Intrinsics.Vector512<float>.Zero)[0]);
    }

    [Avx512Fact]
    public unsafe void Softmax_numerators_of_rows_match_a_double_softmax_for_any_row_count_and_length()
    {
        var random = new SeededRandom(12);
        foreach (int n in new[] { 16, 17, 33, 155, 160 })
        {
            int stride = (n + 31) & ~31;
            foreach (int rows in new[] { 1, 3, 4, 9 })
            {
                var x = Enumerable.Range(0, rows * stride).Select(_ => (float)random.NextUniform(-30, 30)).ToArray();
                var original = (float[])x.Clone();
                var inverse = new float[rows];
                fixed (float* px = x, pi = inverse)
                {
                    SoftmaxRows.NumeratorsOfRows(px, stride, rows, n, pi);
                }

                for (int r = 0; r < rows; r++)
                {
                    var row = original.AsSpan(r * stride, n).ToArray();
                    double max = row.Max(), sum = row.Sum(v => Math.Exp(v - max));
                    for (int c = 0; c < n; c++)
                    {
                        double expected = Math.Exp(row[c] - max) / sum;
                        double actual = x[(r * stride) + c] * (double)inverse[r];
                        // Relative to the row's weights (which sum to 1): the argument's rounding grows with its distance below the maximum.
                        Assert.True(Math.Abs(actual - expected) <= (1e-6 * expected) + 1e-9, $"n {n} row {r} column {c}: {actual} vs {expected}");
                    }

                    for (int c = n; c < ((n + 15) & ~15); c++)
                    {
                        Assert.Equal(0f, x[(r * stride) + c]);
                    }
                }
            }
        }
    }

    [Avx512Fact]
    public void A_query_or_key_that_is_not_finite_gives_what_the_exact_path_gives()
    {
        const int batch = 2, n = 40, heads = 2, width = 16, f = heads * width;
        var random = new SeededRandom(13);
        var input = Enumerable.Range(0, batch * n * 3 * f).Select(_ => (float)random.NextUniform(-2, 2)).ToArray();
        input[(7 * 3 * f) + 3] = float.NaN; // voice 0, position 7, a query feature of head 0
        input[(((n + 20) * 3 * f) + f + width) + 5] = float.PositiveInfinity; // voice 1, position 20, a key feature of head 1

        float[] Attend(bool recording)
        {
            var qkv = new Tensor<float>([batch, n, 3 * f], requiresGrad: recording);
            input.CopyTo(qkv.Data);
            using var g = new Graph<float>(new TensorPool<float>(), recording: recording, parallel: false);
            return g.SelfAttention(qkv, heads, 0.5).Data.ToArray();
        }

        var exact = Attend(recording: true);
        var inferred = Attend(recording: false);
        Assert.Contains(exact, float.IsNaN);
        for (int i = 0; i < exact.Length; i++)
        {
            Assert.True(float.IsNaN(exact[i]) == float.IsNaN(inferred[i]), $"value {i}: {inferred[i]} vs {exact[i]}");
            if (!float.IsNaN(exact[i]))
            {
                Assert.True(Math.Abs(exact[i] - inferred[i]) <= 1e-5, $"value {i}: {inferred[i]} vs {exact[i]}");
            }
        }
    }
}

/// <summary>FiLM's float kernel: tanh and the sigmoid against double, and the fused op against the ops it replaces.</summary>
public class FilmKernelTests
{
    [Avx512Fact]
    public void Tanh_and_sigmoid_are_within_a_few_ulp_and_keep_nan()
    {
        double worstTanh = 0, worstSigmoid = 0;
        for (int i = 0; i < 400_000; i += 16)
        {
            var x = new float[16];
            for (int l = 0; l < 16; l++)
            {
                x[l] = -20f + (40f * (i + l) / 400_000);
            }

            var tanh = SigmoidTanh.Tanh(System.Runtime.Intrinsics.Vector512.Create(x));
            var sigmoid = SigmoidTanh.Sigmoid(System.Runtime.Intrinsics.Vector512.Create(x));
            for (int l = 0; l < 16; l++)
            {
                double t = Math.Tanh(x[l]), s = 1 / (1 + Math.Exp(-x[l]));
                worstTanh = Math.Max(worstTanh, Math.Abs(tanh[l] - t) / Math.Max(Math.Abs(t), 1e-30));
                worstSigmoid = Math.Max(worstSigmoid, Math.Abs(sigmoid[l] - s) / s);
            }
        }

        Assert.True(worstTanh < 5e-7, $"tanh: worst relative error {worstTanh:G3}");
        Assert.True(worstSigmoid < 5e-7, $"sigmoid: worst relative error {worstSigmoid:G3}");
        var nan = System.Runtime.Intrinsics.Vector512.Create(float.NaN);
        Assert.True(float.IsNaN(SigmoidTanh.Tanh(nan)[0]) && float.IsNaN(SigmoidTanh.Sigmoid(nan)[0]));
        Assert.Equal(1f, SigmoidTanh.Tanh(System.Runtime.Intrinsics.Vector512.Create(float.PositiveInfinity))[0], 3e-7f); // tanh(7.9), where the form stops
        Assert.Equal(0f, SigmoidTanh.Sigmoid(System.Runtime.Intrinsics.Vector512.Create(float.NegativeInfinity))[0]);
    }

    [Fact] // the fused kernel at whichever width this CPU runs: sixteen lanes, eight, or the plain loop
    public void Film_in_float_equals_slices_sigmoid_tanh_and_multiply_add_with_gradients()
    {
        const int rows = 37, f = 64;
        var random = new SeededRandom(14);
        var xs = Enumerable.Range(0, rows * f).Select(_ => (float)random.NextUniform(-3, 3)).ToArray();
        var films = Enumerable.Range(0, rows * 2 * f).Select(_ => (float)random.NextUniform(-6, 6)).ToArray();
        var weights = Enumerable.Range(0, rows * f).Select(_ => (float)random.NextUniform(-1, 1)).ToArray();

        (float[] Y, float[] Dx, float[] DFilm) Run(Func<Graph<float>, Tensor<float>, Tensor<float>, Tensor<float>> film)
        {
            var x = new Tensor<float>([rows, f], requiresGrad: true);
            var p = new Tensor<float>([rows, 2 * f], requiresGrad: true);
            xs.CopyTo(x.Data);
            films.CopyTo(p.Data);
            using var g = new Graph<float>(new TensorPool<float>());
            var y = film(g, x, p);
            g.Backward(g.SumAll(g.Multiply(y, g.Constant(weights, rows, f))));
            return (y.Data.ToArray(), x.Grad.ToArray(), p.Grad.ToArray());
        }

        var fused = Run((g, x, p) => g.Film(x, p));
        var composed = Run((g, x, p) => g.MultiplyAdd(x, g.Sigmoid(g.Slice(p, -1, 0, f)), g.Tanh(g.Slice(p, -1, f, f))));
        foreach (var (a, b, what) in new[] { (fused.Y, composed.Y, "y"), (fused.Dx, composed.Dx, "dx"), (fused.DFilm, composed.DFilm, "dfilm") })
        {
            for (int i = 0; i < a.Length; i++)
            {
                Assert.True(Math.Abs(a[i] - b[i]) <= 1e-6 * (1 + Math.Abs(b[i])), $"{what} {i}: {a[i]} vs {b[i]}");
            }
        }

        using var inference = new Graph<float>(new TensorPool<float>(), recording: false);
        var inferred = inference.Film(Tensor.From<float>(xs, rows, f), Tensor.From<float>(films, rows, 2 * f));
        Assert.Equal(fused.Y, inferred.Data.ToArray());
    }
}

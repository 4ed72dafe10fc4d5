using NeuralDx7.Nn;

namespace NeuralDx7.Tests.Nn;

/// <summary>Every op's backward against central finite differences, in double precision, on small random inputs.</summary>
public class GradientTests
{
    private static readonly SeededRandom Random = new(2024);

    private static Tensor<double> In(params int[] shape) => GradientCheck.Input(Random, shape);

    [Fact]
    public void Add_subtract_multiply_with_same_shapes()
    {
        var a = In(3, 4);
        var b = In(3, 4);
        GradientCheck.Check(g => g.Add(a, b), a, b);
        GradientCheck.Check(g => g.Subtract(a, b), a, b);
        GradientCheck.Check(g => g.Multiply(a, b), a, b);
    }

    [Fact]
    public void Broadcasting_over_a_trailing_block_and_in_general()
    {
        var x = In(2, 3, 4);
        var bias = In(4);
        var table = In(3, 4);
        var middle = In(2, 1, 4);
        var column = In(3, 1);
        GradientCheck.Check(g => g.Add(x, bias), x, bias);
        GradientCheck.Check(g => g.Subtract(x, table), x, table);
        GradientCheck.Check(g => g.Multiply(x, table), x, table);
        GradientCheck.Check(g => g.Multiply(x, middle), x, middle);
        GradientCheck.Check(g => g.Subtract(middle, x), middle, x);
        GradientCheck.Check(g => g.Add(column, x), column, x);
    }

    [Fact]
    public void MultiplyAdd_with_same_shapes_and_with_a_repeated_block()
    {
        var x = In(2, 3, 4);
        var scale = In(2, 3, 4);
        var shift = In(2, 3, 4);
        GradientCheck.Check(g => g.MultiplyAdd(x, scale, shift), x, scale, shift);
        var blockScale = In(3, 4);
        var blockShift = In(3, 4);
        GradientCheck.Check(g => g.MultiplyAdd(x, blockScale, blockShift), x, blockScale, blockShift);
        Assert.Throws<ArgumentException>(() =>
        {
            using var g = new Graph<double>(new TensorPool<double>());
            g.MultiplyAdd(x, blockScale, shift);
        });
    }

    [Fact]
    public void Film_from_raw_parameters()
    {
        var x = In(2, 3, 4);
        var film = In(2, 3, 8);
        GradientCheck.Check(g => g.Film(x, film), x, film);
        Assert.Throws<ArgumentException>(() =>
        {
            using var g = new Graph<double>(new TensorPool<double>());
            g.Film(x, In(2, 3, 4));
        });
    }

    [Fact]
    public void Scale_and_add_scalar()
    {
        var x = In(5);
        GradientCheck.Check(g => g.Scale(x, -2.5), x);
        GradientCheck.Check(g => g.AddScalar(x, 3), x);
    }

    [Fact]
    public void Linear_with_and_without_bias()
    {
        var x = In(2, 3, 5);
        var w = In(4, 5);
        var b = In(4);
        GradientCheck.Check(g => g.Linear(x, w, b), x, w, b);
        GradientCheck.Check(g => g.Linear(x, w, null), x, w);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Batched_matmul_with_either_operand_transposed(bool transposeA, bool transposeB)
    {
        var a = transposeA ? In(2, 3, 4, 5) : In(2, 3, 5, 4); // op(a) is 5 x 4
        var b = transposeB ? In(2, 3, 6, 4) : In(2, 3, 4, 6); // op(b) is 4 x 6
        GradientCheck.Check(g => g.MatMul(a, b, transposeA, transposeB), a, b);
    }

    [Fact]
    public void Activations()
    {
        var x = GradientCheck.InputBetween(Random, -3, 3, 4, 6);
        var positive = GradientCheck.InputBetween(Random, 0.2, 3, 4, 6);
        GradientCheck.Check(g => g.Gelu(x), x);
        GradientCheck.Check(g => g.Tanh(x), x);
        GradientCheck.Check(g => g.Sigmoid(x), x);
        GradientCheck.Check(g => g.Exp(x), x);
        GradientCheck.Check(g => g.Log(positive), positive);
        GradientCheck.Check(g => g.Abs(x), x);
        GradientCheck.Check(g => g.Clamp(x, -1.5, 2), x);
    }

    [Fact]
    public void Softmax_with_and_without_a_mask()
    {
        var x = GradientCheck.InputBetween(Random, -2, 2, 2, 3, 5);
        var mask = new bool[3 * 5];
        for (int i = 0; i < mask.Length; i++)
        {
            mask[i] = i % 5 <= i / 5 + 1; // a different allowed set in each of the three rows
        }

        GradientCheck.Check(g => g.Softmax(x), x);
        GradientCheck.Check(g => g.Softmax(x, mask), x);
        GradientCheck.Check(g => g.Softmax(x, scale: 0.7), x);
        GradientCheck.Check(g => g.Softmax(x, mask, scale: -1.5), x);
    }

    [Fact]
    public void A_peaky_softmax_and_its_gradients_hold_no_subnormal_floats()
    {
        // exp(-100) is subnormal in float; x86 cores slow to a crawl on such operands, so the ops flush them.
        static bool Subnormal(float v) => float.IsSubnormal(v);
        var logits = new Tensor<float>([2, 6], requiresGrad: true);
        float[] row = [0, -20, -100, -101, -140, 3];
        row.CopyTo(logits.Data);
        row.CopyTo(logits.Data[6..]);
        using var graph = new Graph<float>(new TensorPool<float>());
        var probabilities = graph.Softmax(logits);
        var loss = graph.Add(graph.SumAll(graph.Multiply(probabilities, probabilities)), graph.SumAll(graph.CrossEntropy(logits, new[] { 5, 0 }, Enumerable.Repeat(true, 6).ToArray())));
        graph.Backward(loss);
        Assert.DoesNotContain(probabilities.Data.ToArray(), Subnormal);
        Assert.DoesNotContain(logits.Grad.ToArray(), Subnormal);
        Assert.Equal(0, probabilities.Data[2]);
        Assert.True(probabilities.Data[1] > 0, "a small but normal probability is kept");
    }

    [Fact]
    public void LayerNorm_with_and_without_affine_parameters()
    {
        var x = GradientCheck.InputBetween(Random, -2, 2, 3, 7);
        var w = In(7);
        var b = In(7);
        GradientCheck.Check(g => g.LayerNorm(x, w, b), x, w, b);
        GradientCheck.Check(g => g.LayerNorm(x, null, null), x);
    }

    [Fact]
    public void Embedding_scatters_gradients_into_repeated_rows()
    {
        var table = In(6, 3);
        int[] ids = [1, 4, 1, 0, 5, 4];
        GradientCheck.Check(g => g.Embedding(ids, [2, 3], table), table);
    }

    [Fact]
    public void Sums_and_means_over_axes_and_everything()
    {
        var x = In(2, 3, 4);
        for (int axis = -3; axis < 3; axis++)
        {
            int a = axis;
            GradientCheck.Check(g => g.Sum(x, a), x);
            GradientCheck.Check(g => g.Mean(x, a), x);
        }

        GradientCheck.Check(g => g.MeanAll(x), x);
    }

    [Fact]
    public void Reshape_permute_transpose_slice_and_flip()
    {
        var x = In(2, 3, 4, 5);
        GradientCheck.Check(g => g.Permute(g.Reshape(x, 6, -1, 5), 2, 0, 1), x);
        GradientCheck.Check(g => g.Permute(x, 3, 1, 0, 2), x); // last axis moves: element by element
        GradientCheck.Check(g => g.Permute(x, 2, 0, 1, 3), x); // last axis stays: whole runs
        GradientCheck.Check(g => g.Transpose(x, 1, -1), x);
        GradientCheck.Check(g => g.Slice(x, 2, 1, 2), x);
        GradientCheck.Check(g => g.Slice(x, -1, 3, 2), x);
        GradientCheck.Check(g => g.Flip(x, -1), x);
        GradientCheck.Check(g => g.Flip(x, 1), x);
    }

    [Fact]
    public void Flow_helpers_triangles_and_diagonals()
    {
        var m = In(2, 4, 4);
        var v = In(2, 4);
        GradientCheck.Check(g => g.UpperTriangle(m, 0), m);
        GradientCheck.Check(g => g.UpperTriangle(m, 1), m);
        GradientCheck.Check(g => g.Diagonal(m), m);
        GradientCheck.Check(g => g.DiagonalMatrix(v), v);
        GradientCheck.Check(g => g.Add(g.UpperTriangle(m, 1), g.DiagonalMatrix(g.Tanh(v))), m, v);
    }

    [Fact]
    public void Normal_log_density_standard_and_with_mean_and_log_variance()
    {
        var x = In(3, 4);
        var mean = In(3, 4);
        var logVariance = GradientCheck.InputBetween(Random, -2, 2, 3, 4);
        GradientCheck.Check(g => g.NormalLogDensity(x), x);
        GradientCheck.Check(g => g.NormalLogDensity(x, mean, logVariance), x, mean, logVariance);
    }

    [Fact]
    public void Cross_entropy_over_masked_logits()
    {
        var logits = GradientCheck.InputBetween(Random, -3, 3, 2, 3, 6);
        var allowed = new bool[3 * 6];
        for (int i = 0; i < allowed.Length; i++)
        {
            allowed[i] = i % 6 < 6 - (i / 6 * 2); // rows allow 6, 4 and 2 classes
        }

        int[] targets = [5, 3, 1, 0, 2, 0];
        GradientCheck.Check(g => g.CrossEntropy(logits, targets, allowed), logits);
    }

    [Fact]
    public void A_whole_attention_block_composes()
    {
        var x = In(2, 5, 4);
        var qkv = In(12, 4);
        var gamma = In(4);
        var beta = In(4);
        GradientCheck.Check(g =>
        {
            var h = g.Linear(x, qkv, null);
            var q = g.Slice(h, -1, 0, 4);
            var k = g.Slice(h, -1, 4, 4);
            var v = g.Slice(h, -1, 8, 4);
            var attention = g.Softmax(g.Scale(g.MatMul(q, k, transposeB: true), 0.5));
            var y = g.Add(x, g.MatMul(attention, v));
            return g.Gelu(g.LayerNorm(y, gamma, beta));
        }, x, qkv, gamma, beta);
    }
}

using System.Runtime.Intrinsics.X86;
using NeuralDx7.Nn;
using NeuralDx7.Nn.Kernels;

namespace NeuralDx7.Tests.Nn;

/// <summary>Each float32 kernel this CPU can run, against the naive reference, on awkward shapes.</summary>
public class GemmTests
{
    public static TheoryData<GemmKernel> Kernels()
    {
        var data = new TheoryData<GemmKernel> { GemmKernel.Scalar };
        if (Fma.IsSupported && Avx2.IsSupported)
        {
            data.Add(GemmKernel.Avx2);
        }

        if (Avx512F.IsSupported)
        {
            data.Add(GemmKernel.Avx512);
        }

        return data;
    }

    private static readonly (int M, int N, int K)[] Shapes =
    [
        (1, 1, 1), (2, 3, 5), (7, 11, 13), (17, 31, 29), (8, 32, 64), (9, 33, 65), (16, 16, 16), (31, 17, 257),
        (155, 155, 16), (155, 16, 155), (37, 64, 300), (64, 192, 64), (100, 97, 3), (3, 100, 97), (16, 70, 33), (32, 64, 20),
    ];

    [Theory]
    [MemberData(nameof(Kernels))]
    public void A_bias_is_added_once_to_every_row_on_every_kernel(GemmKernel kernel)
    {
        var random = new SeededRandom(6);
        foreach (var (m, n, k) in Shapes)
        {
            foreach (bool accumulate in new[] { false, true })
            {
                var shape = new GemmShape(m, n, k, TransposeB: true); // as a Linear layer: x W^T + b
                var a = Values(random, m * k);
                var b = Values(random, k * n);
                var bias = Values(random, n);
                var start = Values(random, m * n);
                var expected = (float[])start.Clone();
                var actual = (float[])start.Clone();
                Gemm.Naive<float>(shape, a, b, expected, accumulate);
                for (int i = 0; i < expected.Length; i++)
                {
                    expected[i] += bias[i % n];
                }

                Gemm.Multiply<float>(shape, a, b, actual, accumulate, parallel: true, kernel, bias);
                for (int i = 0; i < expected.Length; i++)
                {
                    Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4f * (1 + Math.Abs(expected[i]) + k * 0.01f),
                        $"{kernel} {shape} accumulate={accumulate}: element {i} is {actual[i]}, expected {expected[i]}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Every_kernel_matches_the_naive_product_on_odd_shapes_and_transposes(GemmKernel kernel)
    {
        var random = new SeededRandom(5);
        foreach (var (m, n, k) in Shapes)
        {
            foreach (bool ta in new[] { false, true })
            {
                foreach (bool tb in new[] { false, true })
                {
                    foreach (bool accumulate in new[] { false, true })
                    {
                        var shape = new GemmShape(m, n, k, ta, tb);
                        var a = Values(random, m * k);
                        var b = Values(random, k * n);
                        var start = Values(random, m * n);
                        var expected = (float[])start.Clone();
                        var actual = (float[])start.Clone();
                        Gemm.Naive<float>(shape, a, b, expected, accumulate);
                        Gemm.Multiply<float>(shape, a, b, actual, accumulate, parallel: true, kernel);
                        for (int i = 0; i < expected.Length; i++)
                        {
                            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4f * (1 + Math.Abs(expected[i]) + k * 0.01f),
                                $"{kernel} {shape} accumulate={accumulate}: element {i} is {actual[i]}, expected {expected[i]}");
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void A_large_product_shared_over_the_cores_matches_one_core()
    {
        var random = new SeededRandom(6);
        var shape = new GemmShape(2480, 192, 64, TransposeB: true);
        var a = Values(random, shape.M * shape.K);
        var b = Values(random, shape.K * shape.N);
        var both = new float[shape.M * shape.N];
        var one = new float[shape.M * shape.N];
        Gemm.Multiply<float>(shape, a, b, both, accumulate: false, parallel: true);
        Gemm.Multiply<float>(shape, a, b, one, accumulate: false, parallel: false);
        Assert.Equal(one, both); // the same tiles, the same order of additions: bit for bit
    }

    [Fact]
    public void A_weight_packed_once_gives_the_products_of_packing_it_every_time()
    {
        var random = new SeededRandom(8);
        foreach (var (m, n, k) in Shapes.Append((2480, 192, 64)))
        {
            var x = Values(random, m * k);
            var weight = Values(random, n * k);
            var bias = Values(random, n);
            var packed = Gemm.PackTransposed(weight, n, k);
            if (Gemm.BestKernel == GemmKernel.Scalar)
            {
                Assert.Null(packed); // the plain loop packs nothing
                return;
            }

            Assert.NotNull(packed);
            foreach (bool withBias in new[] { false, true })
            {
                var expected = Values(random, m * n); // garbage the product must overwrite
                var actual = Values(random, m * n);
                var b = withBias ? bias : default(ReadOnlySpan<float>);
                Gemm.Multiply<float>(new GemmShape(m, n, k, TransposeB: true), x, weight, expected, accumulate: false, parallel: true, bias: b);
                Gemm.Multiply(m, x, packed, actual, parallel: true, bias: b);
                Assert.True(expected.AsSpan().SequenceEqual(actual), $"({m} x {k}) x ({k} x {n})^T, bias {withBias}");
            }
        }
    }

    [Fact]
    public void Double_precision_uses_the_plain_loop_and_agrees_with_the_reference()
    {
        var random = new SeededRandom(7);
        var shape = new GemmShape(13, 7, 9, TransposeA: true);
        var a = Enumerable.Range(0, 13 * 9).Select(_ => random.NextUniform(-1, 1)).ToArray();
        var b = Enumerable.Range(0, 9 * 7).Select(_ => random.NextUniform(-1, 1)).ToArray();
        var expected = new double[13 * 7];
        var actual = new double[13 * 7];
        Gemm.Naive<double>(shape, a, b, expected, accumulate: false);
        Gemm.Multiply<double>(shape, a, b, actual, accumulate: false);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-12);
        }
    }

    [Fact]
    public void Buffers_too_small_for_the_shape_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Gemm.Multiply<float>(new GemmShape(4, 4, 4), new float[15], new float[16], new float[16], false));
    }

    private static float[] Values(SeededRandom random, int count) =>
        Enumerable.Range(0, count).Select(_ => (float)random.NextUniform(-1, 1)).ToArray();
}

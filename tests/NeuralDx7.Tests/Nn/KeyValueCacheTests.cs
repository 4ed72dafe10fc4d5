using NeuralDx7.Nn;
using NeuralDx7.Nn.Kernels;

namespace NeuralDx7.Tests.Nn;

/// <summary>
/// Step-by-step attention over a <see cref="KeyValueCache"/> against softmax(q K^T / sqrt d) V computed in double from
/// the same keys and values, for every kernel this CPU runs: step counts on and off the sixteen-step blocks, several
/// sequences and heads kept apart.
/// </summary>
public class KeyValueCacheTests
{
    [Theory]
    [MemberData(nameof(GemmTests.Kernels), MemberType = typeof(GemmTests))]
    public void Each_step_attends_over_itself_and_the_steps_before_it_as_a_double_softmax_does(GemmKernel kernel)
    {
        foreach (int width in new[] { 32, 16, 8 })
        {
            const int sequences = 3, heads = 2, capacity = 155;
            int f = heads * width;
            float scale = 1 / MathF.Sqrt(width);
            var random = new SeededRandom((ulong)(20 + width));
            var cache = new KeyValueCache(sequences, heads, width, capacity);
            var keys = new float[sequences, capacity, f];
            var values = new float[sequences, capacity, f];
            var output = new float[width];
            for (int step = 0; step < capacity; step++)
            {
                for (int s = 0; s < sequences; s++)
                {
                    var k = Enumerable.Range(0, f).Select(_ => (float)random.NextUniform(-3, 3)).ToArray();
                    var v = Enumerable.Range(0, f).Select(_ => (float)random.NextUniform(-1, 1)).ToArray();
                    for (int i = 0; i < f; i++)
                    {
                        (keys[s, step, i], values[s, step, i]) = (k[i], v[i]);
                    }

                    cache.Append(s, step, k, v);
                }

                if (step is not (0 or 1 or 14 or 15 or 16 or 17 or 47 or 63 or 64 or 65 or 100 or 154))
                {
                    continue;
                }

                for (int s = 0; s < sequences; s++)
                {
                    for (int h = 0; h < heads; h++)
                    {
                        var query = Enumerable.Range(0, width).Select(_ => (float)random.NextUniform(-3, 3)).ToArray();
                        cache.Attend(s, h, step, query, scale, output, kernel);
                        var scores = Enumerable.Range(0, step + 1)
                            .Select(t => Enumerable.Range(0, width).Sum(c => (double)query[c] * keys[s, t, (h * width) + c]) * scale).ToArray();
                        double max = scores.Max(), sum = scores.Sum(x => Math.Exp(x - max));
                        for (int c = 0; c < width; c++)
                        {
                            double expected = Enumerable.Range(0, step + 1).Sum(t => Math.Exp(scores[t] - max) / sum * values[s, t, (h * width) + c]);
                            Assert.True(Math.Abs(output[c] - expected) <= 2e-5, $"{kernel}, width {width}, step {step}, sequence {s}, head {h}, feature {c}: {output[c]} vs {expected}");
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void A_step_outside_the_cache_is_refused_and_a_step_of_the_wrong_width_named()
    {
        var cache = new KeyValueCache(1, 2, 8, 10);
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.Append(0, 10, new float[16], new float[16]));
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.Attend(0, 0, 10, new float[8], 1, new float[8]));
        var wrong = Assert.Throws<ArgumentException>(() => cache.Append(0, 0, new float[8], new float[16]));
        Assert.Contains("16 keys", wrong.Message);
    }
}

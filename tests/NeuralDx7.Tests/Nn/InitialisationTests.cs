using NeuralDx7.Nn;
using NeuralDx7.Nn.Layers;

namespace NeuralDx7.Tests.Nn;

public class InitialisationTests
{
    [Fact]
    public void Linear_draws_weights_and_biases_from_PyTorch_default_bounds()
    {
        var layer = new Linear<float>(256, 512, new SeededRandom(1));
        float bound = 1 / MathF.Sqrt(256);
        Assert.All(layer.Weight.Data.ToArray(), w => Assert.InRange(w, -bound, bound));
        Assert.All(layer.Bias!.Data.ToArray(), w => Assert.InRange(w, -bound, bound));
        double variance = layer.Weight.Data.ToArray().Average(w => (double)w * w);
        Assert.Equal(bound * bound / 3, variance, 4); // U(-b, b) has variance b^2 / 3
        Assert.Equal((256 * 512) + 512, layer.ParameterCount);
    }

    [Fact]
    public void Embedding_is_standard_normal_and_LayerNorm_starts_as_identity()
    {
        var embedding = new Embedding<float>(1000, 64, new SeededRandom(2));
        var values = embedding.Weight.Data.ToArray();
        Assert.Equal(0, values.Average(), 1);
        Assert.Equal(1, Math.Sqrt(values.Average(v => (double)v * v)), 1);

        var norm = new LayerNorm<float>(8);
        Assert.All(norm.Weight!.Data.ToArray(), w => Assert.Equal(1f, w));
        Assert.All(norm.Bias!.Data.ToArray(), b => Assert.Equal(0f, b));
        Assert.Equal(0, new LayerNorm<float>(8, affine: false).ParameterCount);
    }

    [Fact]
    public void The_same_seed_gives_the_same_model_bit_for_bit()
    {
        static float[] Build(ulong seed)
        {
            var random = new SeededRandom(seed);
            var a = new Linear<float>(10, 20, random);
            var b = new Embedding<float>(5, 20, random);
            return [.. a.Parameters().Concat(b.Parameters()).SelectMany(p => p.Data.ToArray())];
        }

        Assert.Equal(Build(7), Build(7));
        Assert.NotEqual(Build(7), Build(8));
    }

    [Fact]
    public void The_generator_state_round_trips()
    {
        var random = new SeededRandom(3);
        random.NextDouble();
        var copy = SeededRandom.FromState(random.State);
        Assert.Equal(random.NextUInt64(), copy.NextUInt64());
    }
}

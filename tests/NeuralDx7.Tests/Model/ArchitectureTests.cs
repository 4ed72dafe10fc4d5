using NeuralDx7.Model;

namespace NeuralDx7.Tests.Model;

public class ArchitectureTests
{
    [Fact]
    public void The_small_configuration_has_exactly_the_parameters_of_the_original_code_that_runs()
    {
        var model = new Dx7Vae(ModelConfig.Small, seed: 1);
        long Count(params string[] prefixes) => model.NamedParameters()
            .Where(p => prefixes.Any(prefix => p.Name.StartsWith(prefix, StringComparison.Ordinal)))
            .Sum(p => (long)p.Tensor.Length);

        Assert.Equal(8_192, Count("embedding."));
        Assert.Equal(191_344, Count("encoder.", "posterior.", "flows."));
        Assert.Equal(11_160, Count("conditioning."));
        Assert.Equal(171_744, Count("decoder.", "decoderFilm."));
        Assert.Equal(37_184, Count("output."));
        Assert.Equal(419_624, model.ParameterCount);
    }

    [Fact]
    public void The_original_size_has_60_419_528_parameters()
    {
        Assert.Equal(60_419_528, new Dx7Vae(ModelConfig.Original, seed: 1).ParameterCount);
    }

    [Fact]
    public void The_masked_argmax_is_the_first_most_likely_value_the_parameter_allows()
    {
        var random = new NeuralDx7.Nn.SeededRandom(31);
        var logits = new float[ModelConfig.Vocabulary];
        for (int trial = 0; trial < 20; trial++)
        {
            for (int position = 0; position < ModelConfig.Positions; position++)
            {
                for (int v = 0; v < logits.Length; v++)
                {
                    logits[v] = trial % 2 == 0 ? (float)random.NextNormal() : random.NextUInt64() % 4; // odd trials: many ties
                }

                int expected = -1;
                for (int v = 0; v < logits.Length; v++)
                {
                    if (VoiceTokens.AllowedValues[(position * ModelConfig.Vocabulary) + v] && (expected < 0 || logits[v] > logits[expected]))
                    {
                        expected = v;
                    }
                }

                Assert.Equal(expected, Dx7Vae.MaskedArgmax(logits, position));
            }
        }
    }
}

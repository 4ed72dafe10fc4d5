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
}

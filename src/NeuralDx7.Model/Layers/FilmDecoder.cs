using NeuralDx7.Nn;
using NeuralDx7.Nn.Layers;

namespace NeuralDx7.Model.Layers;

/// <summary>
/// The original's decoder: all 155 parameters at once from the latent. A linear map gives 155 conditioning vectors c;
/// a constant input (all ones) passes a positional FiLM and a stack of attention layers, each preceded by a FiLM from c;
/// a GELU MLP (F -> 3F -> 128) gives each parameter's logits. Its parameters are named at the model's level
/// ("conditioning", "decoder", "decoderFilm.i", "output"), as the original's are.
/// </summary>
public sealed class FilmDecoder : Module<float>
{
    private readonly ModelConfig _config;
    private readonly Linear<float> _conditioning;
    private readonly AttentionLayers _decoder;
    private readonly ConditionalFilm[] _conditionalFilms;
    private readonly Linear<float> _outputHidden, _outputOut;

    public FilmDecoder(ModelConfig config, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        int f = config.Features, c = config.ConditioningWidth;
        bool original = config.Architecture != ModelArchitecture.Legacy;
        _conditioning = AddChild("conditioning", new Linear<float>(config.LatentSize, ModelConfig.Positions * c, random));
        _decoder = AddChild("decoder", new AttentionLayers(config.DecoderLayers, config.Heads, config.HeadWidth, random,
            filmBeforeEveryLayer: !original, zeroFirstRow: original));
        _conditionalFilms = [.. Enumerable.Range(0, config.DecoderLayers).Select(i => AddChild($"decoderFilm.{i}", new ConditionalFilm(c, f, random)))];
        _outputHidden = AddChild("output.hidden", new Linear<float>(f, 3 * f, random));
        _outputOut = AddChild("output.out", new Linear<float>(3 * f, ModelConfig.Vocabulary, random));
    }

    /// <summary>The positional FiLM's values: the same for every voice, so generation computes them once a cart.</summary>
    public FilmValues PrecomputePositionalFilm(TensorPool<float> pool) => _decoder.PrecomputePositionalFilm(pool);

    /// <summary>Logits [B, 155, 128] for latents zK [B, L]; not yet masked.</summary>
    /// <param name="positionalFilm">From <see cref="PrecomputePositionalFilm"/> (inference only), or null to compute it.</param>
    public Tensor<float> Forward(Graph<float> g, Tensor<float> z, FilmValues? positionalFilm = null)
    {
        int batch = z.Dim(0);
        var conditioning = g.Reshape(_conditioning.Forward(g, z), batch, ModelConfig.Positions, _config.ConditioningWidth);
        var ones = g.AddScalar(g.Zeros(batch, ModelConfig.Positions, _config.Features), 1);
        var x = _decoder.Forward(g, ones, (i, h) => _conditionalFilms[i].Forward(g, conditioning, h), positionalFilm);
        return _outputOut.Forward(g, g.Gelu(_outputHidden.Forward(g, x)));
    }
}

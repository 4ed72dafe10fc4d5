using NeuralDx7.Model.Layers;
using NeuralDx7.Nn;
using NeuralDx7.Nn.Layers;
using NeuralDx7.Voice;

namespace NeuralDx7.Model;

/// <summary>What the encoder says about a batch of voices.</summary>
/// <param name="Mean">Posterior mean of z0, [B, L].</param>
/// <param name="LogVariance">Posterior log-variance of z0 (clamped to [-10, 8]), [B, L].</param>
/// <param name="Flows">The flow parameters amortised from each voice's encoding.</param>
public sealed record Posterior(Tensor<float> Mean, Tensor<float> LogVariance, FlowParameters Flows);

/// <summary>The terms of a training step, all averaged over the batch.</summary>
/// <param name="Loss">What is minimised: mean token cross-entropy + weight * KL / latent size.</param>
/// <param name="Reconstruction">Cross-entropy summed over the 155 tokens: nats per voice.</param>
/// <param name="Kl">KL estimate per voice: log q(z0) - log p(zK) - sum log|det|.</param>
/// <param name="LogDet">Summed log|det| of the flows per voice.</param>
/// <param name="Accuracy">Share of tokens whose argmax is the voice's value.</param>
public sealed record LossTerms(Tensor<float> Loss, double Reconstruction, double Kl, double LogDet, double Accuracy);

/// <summary>
/// The NeuralDX7 VAE: an attention encoder over the 155 parameters, mean pooling, a Normal posterior,
/// K triangular Sylvester flows, and a decoder with logits masked to each parameter's range. The decoder is the
/// original's (<see cref="FilmDecoder"/>: every parameter at once, conditioned by FiLM on z; reads as
/// ../shared/reference/neuraldx7-model.md describes it) or, for <see cref="ModelArchitecture.Autoregressive"/>, an
/// <see cref="AutoregressiveDecoder"/> that draws the parameters one at a time.
/// </summary>
public sealed class Dx7Vae : Module<float>
{
    private readonly Embedding<float> _embedding;
    private readonly AttentionLayers _encoder;
    private readonly Linear<float> _posteriorHidden, _posteriorOut;
    private readonly SylvesterFlows _flows;
    private readonly FilmDecoder? _filmDecoder;

    public Dx7Vae(ModelConfig config, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        var random = new SeededRandom(seed);
        int f = config.Features, l = config.LatentSize;
        bool legacy = config.Architecture == ModelArchitecture.Legacy;

        _embedding = AddChild("embedding", new Embedding<float>(ModelConfig.Vocabulary, f, random));
        _encoder = AddChild("encoder", new AttentionLayers(config.EncoderLayers, config.Heads, config.HeadWidth, random,
            filmBeforeEveryLayer: true, zeroFirstRow: !legacy));
        _posteriorHidden = AddChild("posterior.hidden", new Linear<float>(f, 2 * f, random));
        _posteriorOut = AddChild("posterior.out", new Linear<float>(2 * f, 2 * l, random));
        _flows = AddChild("flows", new SylvesterFlows(f, config.Flows, l, random));
        if (config.Architecture == ModelArchitecture.Autoregressive)
        {
            Autoregressive = AddChild("decoder", new AutoregressiveDecoder(config, random));
        }
        else
        {
            _filmDecoder = AddChild("", new FilmDecoder(config, random)); // named at this level, as the original's parts are
        }
    }

    public ModelConfig Config { get; }

    /// <summary>The autoregressive decoder, or null when the model decodes every parameter at once.</summary>
    public AutoregressiveDecoder? Autoregressive { get; }

    /// <summary>q(z0 | x) and the flows for a batch of voices given as tokens (155 per voice).</summary>
    public Posterior Encode(Graph<float> g, ReadOnlyMemory<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(g);
        int batch = tokens.Length / ModelConfig.Positions;
        var x = _embedding.Forward(g, tokens, batch, ModelConfig.Positions);
        var h = g.Mean(_encoder.Forward(g, x), 1);
        var stats = _posteriorOut.Forward(g, g.Gelu(_posteriorHidden.Forward(g, h)));
        int l = Config.LatentSize;
        var mean = g.Slice(stats, 1, 0, l);
        var logVariance = g.Clamp(g.Slice(stats, 1, l, l), -10, 8);
        return new Posterior(mean, logVariance, _flows.Amortise(g, h));
    }

    /// <summary>z0 through the voice's flows: zK and the summed log|det|.</summary>
    public (Tensor<float> Z, Tensor<float>? LogDet) Flow(Graph<float> g, Tensor<float> z0, Posterior posterior)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        return _flows.Forward(g, z0, posterior.Flows);
    }

    /// <summary>
    /// The FiLM decoder's positional FiLM. It is the same for every voice, so generation computes it once for a whole
    /// cart and passes it to <see cref="Decode"/> for each chunk of voices. Null for the autoregressive decoder.
    /// </summary>
    public FilmValues? PrecomputeDecoderFilm(TensorPool<float> pool) => _filmDecoder?.PrecomputePositionalFilm(pool);

    /// <summary>
    /// Logits [B, 155, 128] for latents zK [B, L]; not yet masked. The autoregressive decoder reads each voice's own
    /// values before each parameter (teacher forcing) from <paramref name="tokens"/>; the FiLM decoder needs none.
    /// </summary>
    /// <param name="tokens">The voices, 155 values each: needed by the autoregressive decoder.</param>
    /// <param name="dropped">The autoregressive decoder's token dropout in training (see <see cref="AutoregressiveDecoder.Forward"/>).</param>
    /// <param name="positionalFilm">From <see cref="PrecomputeDecoderFilm"/> (inference only), or null to compute it.</param>
    /// <param name="categories">Per voice, its <see cref="CategoryCode"/> for a decoder by category; empty for "any".</param>
    public Tensor<float> Decode(Graph<float> g, Tensor<float> z, ReadOnlyMemory<int> tokens = default, ReadOnlyMemory<bool> dropped = default,
        FilmValues? positionalFilm = null, ReadOnlyMemory<int> categories = default)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(z);
        if (Autoregressive is not null)
        {
            return tokens.Length == z.Dim(0) * ModelConfig.Positions
                ? Autoregressive.Forward(g, z, tokens.Span, dropped.Span, categories.Span)
                : throw new ArgumentException("An autoregressive decoder reads the voices it scores: give their tokens (sampling runs step by step).", nameof(tokens));
        }

        return _filmDecoder!.Forward(g, z, positionalFilm);
    }

    /// <summary>
    /// The training objective for a batch: reconstruction of every token from a reparameterised posterior
    /// sample pushed through the flows, plus <paramref name="klWeight"/> times the KL estimate over the latent size.
    /// </summary>
    /// <param name="noise">Standard normal draws, [B x L], for the reparameterisation.</param>
    /// <param name="freeBits">Nats per latent dimension the KL may use unpenalised: below that (on the batch mean) it does not enter the loss.</param>
    /// <param name="dropped">The autoregressive decoder's token dropout, per voice and step; empty for none.</param>
    /// <param name="categories">Per voice, the <see cref="CategoryCode"/> a decoder by category reads; empty for "any".</param>
    public LossTerms Loss(Graph<float> g, ReadOnlyMemory<int> tokens, ReadOnlySpan<float> noise, double klWeight, double freeBits = 0,
        ReadOnlyMemory<bool> dropped = default, ReadOnlyMemory<int> categories = default)
    {
        ArgumentNullException.ThrowIfNull(g);
        int batch = tokens.Length / ModelConfig.Positions, l = Config.LatentSize;
        var posterior = Encode(g, tokens);
        var std = g.Exp(g.Scale(posterior.LogVariance, 0.5));
        var z0 = g.Add(posterior.Mean, g.Multiply(std, g.Constant(noise, batch, l)));
        var (zk, logDet) = Flow(g, z0, posterior);
        var logits = Decode(g, zk, tokens, dropped, categories: categories);

        var crossEntropy = g.CrossEntropy(logits, tokens, VoiceTokens.AllowedValues);
        var logQ = g.Sum(g.NormalLogDensity(z0, posterior.Mean, posterior.LogVariance), 1);
        var logP = g.Sum(g.NormalLogDensity(zk), 1);
        var kl = g.Subtract(logQ, logP);
        if (logDet is not null)
        {
            kl = g.Subtract(kl, logDet);
        }

        var meanKl = g.MeanAll(kl);
        var loss = g.MeanAll(crossEntropy);
        if (klWeight > 0 && meanKl[0] > freeBits * l)
        {
            loss = g.Add(loss, g.Scale(meanKl, klWeight / l));
        }

        return new LossTerms(
            loss,
            Sum(crossEntropy) / batch,
            meanKl[0],
            logDet is null ? 0 : Sum(logDet) / batch,
            Accuracy(logits, tokens.Span));
    }

    /// <summary>Share of tokens whose masked argmax equals the target.</summary>
    public static double Accuracy(Tensor<float> logits, ReadOnlySpan<int> targets)
    {
        ArgumentNullException.ThrowIfNull(logits);
        int rows = logits.Rows, correct = 0;
        for (int r = 0; r < rows; r++)
        {
            if (MaskedArgmax(logits.Data.Slice(r * ModelConfig.Vocabulary, ModelConfig.Vocabulary), r % ModelConfig.Positions) == targets[r])
            {
                correct++;
            }
        }

        return (double)correct / rows;
    }

    /// <summary>The most likely allowed value of parameter <paramref name="position"/>.</summary>
    public static int MaskedArgmax(ReadOnlySpan<float> logits, int position)
    {
        // A parameter's values are one run, Min..Max: the argmax of that slice, in vectors (ties go to the lower value).
        var parameter = Dx7Parameters.All[position];
        return parameter.Min + System.Numerics.Tensors.TensorPrimitives.IndexOfMax(logits.Slice(parameter.Min, parameter.Cardinality));
    }

    /// <summary>The log-probability of <paramref name="value"/> among the allowed values of parameter <paramref name="position"/>.</summary>
    public static double MaskedLogProbability(ReadOnlySpan<float> logits, int position, int value)
    {
        var parameter = Dx7Parameters.All[position];
        var allowed = logits.Slice(parameter.Min, parameter.Cardinality);
        double max = System.Numerics.Tensors.TensorPrimitives.Max(allowed), sum = 0;
        foreach (float logit in allowed)
        {
            sum += Math.Exp(logit - max);
        }

        return logits[value] - max - Math.Log(sum);
    }

    private static double Sum(Tensor<float> t)
    {
        double sum = 0;
        foreach (float v in t.Data)
        {
            sum += v;
        }

        return sum;
    }
}

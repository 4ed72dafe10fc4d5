using NeuralDx7.Nn;
using NeuralDx7.Nn.Layers;

namespace NeuralDx7.Model.Layers;

/// <summary>
/// A causal transformer over a voice's parameters in <see cref="ParameterOrder"/>, conditioned on the latent: step t
/// reads the value drawn at step t - 1 (a start token at step 0), the step's own learned position, and a linear map of
/// zK, and gives the logits of the parameter drawn at step t. So each parameter is drawn knowing the latent and every
/// parameter drawn before it: an operator's level knows the algorithm, a sustain level knows the other envelopes.
/// A decoder <see cref="ModelConfig.ByCategory"/> adds, at every step, a learned vector for the voice's category.
/// </summary>
public sealed class AutoregressiveDecoder : Module<float>
{
    /// <summary>The input of step 0, and of a step whose previous value was dropped in training (so the latent must tell it).</summary>
    public const int StartToken = ModelConfig.Vocabulary;

    private readonly int _features;
    private readonly Embedding<float> _value;
    private readonly Tensor<float> _position;
    private readonly Linear<float> _latent;
    private readonly CausalLayer[] _layers;
    private readonly LayerNorm<float> _norm;
    private readonly Linear<float> _head;
    private readonly Embedding<float>? _category;

    // Row b * 155 + p of the logits in VCED order is row b * 155 + StepOf[p] of the logits in drawing order.
    private static readonly int[] StepOfPosition = [.. ParameterOrder.StepOf];

    public AutoregressiveDecoder(ModelConfig config, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(config);
        _features = config.Features;
        _value = AddChild("value", new Embedding<float>(ModelConfig.Vocabulary + 1, _features, random));
        _position = AddParameter("position", ModelConfig.Positions, _features);
        FillNormal(_position, random, 0.02);
        _latent = AddChild("latent", new Linear<float>(config.LatentSize, _features, random));
        _layers = [.. Enumerable.Range(0, config.DecoderLayers).Select(i => AddChild($"layers.{i}", new CausalLayer(config.Heads, config.HeadWidth, random)))];
        _norm = AddChild("norm", new LayerNorm<float>(_features));
        _head = AddChild("head", new Linear<float>(_features, ModelConfig.Vocabulary, random));
        if (config.ByCategory)
        {
            // Zeros: a decoder started from one without categories computes what it did until training teaches it the categories.
            _category = AddChild("category", new Embedding<float>(CategoryCode.Count, _features, random));
            _category.Weight.Data.Clear();
        }
    }

    /// <summary>Whether the decoder reads each voice's category (<see cref="CategoryCode"/>).</summary>
    public bool ByCategory => _category is not null;

    /// <summary>
    /// Teacher forcing: logits [B, 155, 128] in VCED order for latents zK [B, L], every step reading the voice's own
    /// previous value from <paramref name="tokens"/> (155 a voice, VCED order).
    /// </summary>
    /// <param name="dropped">Per voice and step (drawing order), whether the step reads the start token instead of the
    /// previous value (training's token dropout); empty for none.</param>
    /// <param name="categories">Per voice, its <see cref="CategoryCode"/>; empty for "any" (read only by a decoder <see cref="ByCategory"/>).</param>
    public Tensor<float> Forward(Graph<float> g, Tensor<float> z, ReadOnlySpan<int> tokens, ReadOnlySpan<bool> dropped = default,
        ReadOnlySpan<int> categories = default)
    {
        int batch = z.Dim(0), positions = ModelConfig.Positions;
        var inputs = new int[batch * positions];
        var latentRows = new int[batch * positions];
        for (int b = 0; b < batch; b++)
        {
            var voice = tokens.Slice(b * positions, positions);
            for (int t = 0; t < positions; t++)
            {
                int i = (b * positions) + t;
                inputs[i] = t == 0 || (!dropped.IsEmpty && dropped[i]) ? StartToken : voice[ParameterOrder.Steps[t - 1]];
                latentRows[i] = b;
            }
        }

        // Each step's input: the previous value's embedding, plus the step's position, plus the latent's map (its row copied to every step).
        var x = g.Add(_value.Forward(g, inputs, batch, positions), _position);
        x = g.Add(x, g.Embedding(latentRows, [batch, positions], _latent.Forward(g, z)));
        if (_category is not null)
        {
            var categoryRows = new int[batch * positions];
            for (int i = 0; i < categoryRows.Length; i++)
            {
                categoryRows[i] = categories.IsEmpty ? CategoryCode.Any : categories[i / positions];
            }

            x = g.Add(x, _category.Forward(g, categoryRows, batch, positions));
        }

        foreach (var layer in _layers)
        {
            x = layer.Forward(g, x);
        }

        var logits = _head.Forward(g, _norm.Forward(g, x));
        var rows = new int[batch * positions];
        for (int b = 0; b < batch; b++)
        {
            for (int p = 0; p < positions; p++)
            {
                rows[(b * positions) + p] = (b * positions) + StepOfPosition[p];
            }
        }

        var flat = g.Reshape(logits, batch * positions, ModelConfig.Vocabulary);
        return g.Embedding(rows, [batch, positions], flat); // back to VCED order: every other part reads logits by parameter
    }

    /// <summary>What sampling keeps between the steps of a batch of voices: the latent's map and each layer's keys and values.</summary>
    public sealed class Sampling
    {
        internal Sampling(float[] latent, KeyValueCache[] layers)
        {
            Latent = latent;
            Layers = layers;
        }

        internal float[] Latent { get; }

        internal KeyValueCache[] Layers { get; }
    }

    /// <summary>Starts sampling n voices from latents zK [n, L], each of its <see cref="CategoryCode"/> (empty: "any").</summary>
    public Sampling Begin(Graph<float> g, Tensor<float> z, ReadOnlySpan<int> categories = default)
    {
        int n = z.Dim(0);
        var conditioning = _latent.Forward(g, z).Data.ToArray();
        if (_category is not null)
        {
            // Like the latent's map, the category's vector is the same at every step: added once here.
            for (int v = 0; v < n; v++)
            {
                int code = categories.IsEmpty ? CategoryCode.Any : categories[v];
                var row = conditioning.AsSpan(v * _features, _features);
                System.Numerics.Tensors.TensorPrimitives.Add(row, _category.Weight.Data.Slice(code * _features, _features), row);
            }
        }

        return new Sampling(conditioning, [.. _layers.Select(layer => new KeyValueCache(n, layer.Heads, layer.HeadWidth, ModelConfig.Positions))]);
    }

    /// <summary>
    /// Step <paramref name="step"/> for n voices whose previous values are <paramref name="previous"/> (ignored at step 0):
    /// the logits [n, 128] of parameter <c>ParameterOrder.Steps[step]</c>. Equal to <see cref="Forward"/>'s for the same voices.
    /// </summary>
    public Tensor<float> Step(Graph<float> g, Sampling state, int step, ReadOnlySpan<int> previous)
    {
        ArgumentNullException.ThrowIfNull(state);
        int n = state.Latent.Length / _features;
        var x = g.Zeros(n, _features);
        for (int v = 0; v < n; v++)
        {
            var row = x.Data.Slice(v * _features, _features);
            int value = step == 0 ? StartToken : previous[v];
            _value.Weight.Data.Slice(value * _features, _features).CopyTo(row);
            System.Numerics.Tensors.TensorPrimitives.Add(row, _position.Data.Slice(step * _features, _features), row);
            System.Numerics.Tensors.TensorPrimitives.Add(row, state.Latent.AsSpan(v * _features, _features), row);
        }

        for (int l = 0; l < _layers.Length; l++)
        {
            x = _layers[l].Step(g, x, state.Layers[l], step);
        }

        return _head.Forward(g, _norm.Forward(g, x));
    }
}

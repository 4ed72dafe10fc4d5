using NeuralDx7.Nn;
using NeuralDx7.Nn.Layers;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralDx7.Model.Layers;

/// <summary>
/// One layer of the autoregressive decoder, pre-norm as GPT-2's: x + W_o attention(LayerNorm(x)) with each step
/// attending to itself and the steps before it, then x + a GELU feed-forward of width 3F on LayerNorm(x).
/// <see cref="Forward"/> runs every step of a voice at once (training, teacher forcing); <see cref="Step"/> runs one
/// step from the keys and values the steps before it left in a <see cref="LayerCache"/> (sampling).
/// </summary>
public sealed class CausalLayer : Module<float>
{
    private readonly int _heads, _headWidth;
    private readonly LayerNorm<float> _attentionNorm, _feedForwardNorm;
    private readonly Linear<float> _qkv, _output, _up, _down;

    public CausalLayer(int heads, int headWidth, SeededRandom random)
    {
        _heads = heads;
        _headWidth = headWidth;
        int f = heads * headWidth;
        _attentionNorm = AddChild("attentionNorm", new LayerNorm<float>(f));
        _qkv = AddChild("qkv", new Linear<float>(f, 3 * f, random));
        _output = AddChild("output", new Linear<float>(f, f, random));
        _feedForwardNorm = AddChild("feedForwardNorm", new LayerNorm<float>(f));
        _up = AddChild("up", new Linear<float>(f, 3 * f, random));
        _down = AddChild("down", new Linear<float>(3 * f, f, random));
    }

    private double Scale => 1 / Math.Sqrt(_headWidth);

    /// <summary>Attention heads.</summary>
    public int Heads => _heads;

    /// <summary>Features per head.</summary>
    public int HeadWidth => _headWidth;

    /// <summary>Every step at once: x [B, 155, F] in drawing order.</summary>
    public Tensor<float> Forward(Graph<float> g, Tensor<float> x)
    {
        var attended = g.SelfAttention(_qkv.Forward(g, _attentionNorm.Forward(g, x)), _heads, Scale, causal: true);
        x = g.Add(x, _output.Forward(g, attended));
        return g.Add(x, _down.Forward(g, g.Gelu(_up.Forward(g, _feedForwardNorm.Forward(g, x)))));
    }

    /// <summary>
    /// Step <paramref name="step"/> of n voices at once: x [n, F]. Its keys and values are added to
    /// <paramref name="cache"/>, and its queries attend over the cache's steps 0..step.
    /// </summary>
    public Tensor<float> Step(Graph<float> g, Tensor<float> x, LayerCache cache, int step)
    {
        ArgumentNullException.ThrowIfNull(cache);
        int n = x.Dim(0), f = _heads * _headWidth, d = _headWidth;
        var qkv = _qkv.Forward(g, _attentionNorm.Forward(g, x));
        var attended = g.Zeros(n, f);
        var scores = cache.Weights[..(step + 1)];
        float scale = (float)Scale;
        for (int v = 0; v < n; v++)
        {
            var row = qkv.Data.Slice(v * 3 * f, 3 * f);
            cache.Append(v, step, row.Slice(f, f), row.Slice(2 * f, f));
            for (int h = 0; h < _heads; h++)
            {
                // Keys and values are kept feature-major, so each of the d features is one long vector op over the steps.
                var query = row.Slice(h * d, d);
                scores.Clear();
                for (int k = 0; k < d; k++)
                {
                    TP.MultiplyAdd(cache.Keys(v, h, k)[..(step + 1)], query[k] * scale, scores, scores);
                }

                TP.SoftMax(scores, scores);
                var output = attended.Data.Slice((v * f) + (h * d), d);
                for (int k = 0; k < d; k++)
                {
                    output[k] = TP.Dot(scores, cache.Values(v, h, k)[..(step + 1)]);
                }
            }
        }

        x = g.Add(x, _output.Forward(g, attended));
        return g.Add(x, _down.Forward(g, g.Gelu(_up.Forward(g, _feedForwardNorm.Forward(g, x)))));
    }
}

/// <summary>
/// One causal layer's keys and values for n voices as they are drawn, step by step, feature-major: per voice, head and
/// feature, a row over the 155 steps.
/// </summary>
public sealed class LayerCache(int voices, int heads, int headWidth)
{
    private readonly float[] _keys = new float[voices * heads * headWidth * ModelConfig.Positions];
    private readonly float[] _values = new float[voices * heads * headWidth * ModelConfig.Positions];
    private readonly float[] _weights = new float[ModelConfig.Positions];

    /// <summary>Feature <paramref name="feature"/> of head <paramref name="head"/>'s keys of voice <paramref name="voice"/>, over the steps.</summary>
    public Span<float> Keys(int voice, int head, int feature) => _keys.AsSpan(Row(voice, head, feature), ModelConfig.Positions);

    /// <summary>Feature <paramref name="feature"/> of head <paramref name="head"/>'s values of voice <paramref name="voice"/>, over the steps.</summary>
    public Span<float> Values(int voice, int head, int feature) => _values.AsSpan(Row(voice, head, feature), ModelConfig.Positions);

    /// <summary>Keeps a step's keys and values (all heads side by side, as the projection gives them).</summary>
    public void Append(int voice, int step, ReadOnlySpan<float> keys, ReadOnlySpan<float> values)
    {
        int start = Row(voice, 0, 0) + step;
        for (int i = 0; i < keys.Length; i++)
        {
            _keys[start + (i * ModelConfig.Positions)] = keys[i];
            _values[start + (i * ModelConfig.Positions)] = values[i];
        }
    }

    /// <summary>A row of attention weights to work in.</summary>
    public Span<float> Weights => _weights;

    private int Row(int voice, int head, int feature) => ((((voice * heads) + head) * headWidth) + feature) * ModelConfig.Positions;
}

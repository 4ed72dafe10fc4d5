using NeuralDx7.Nn;
using NeuralDx7.Nn.Layers;

namespace NeuralDx7.Model.Layers;

/// <summary>
/// One layer of the autoregressive decoder, pre-norm as GPT-2's: x + W_o attention(LayerNorm(x)) with each step
/// attending to itself and the steps before it, then x + a GELU feed-forward of width 3F on LayerNorm(x).
/// <see cref="Forward"/> runs every step of a voice at once (training, teacher forcing); <see cref="Step"/> runs one
/// step from the keys and values the steps before it left in a <see cref="KeyValueCache"/> (sampling).
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
    public Tensor<float> Step(Graph<float> g, Tensor<float> x, KeyValueCache cache, int step)
    {
        ArgumentNullException.ThrowIfNull(cache);
        int n = x.Dim(0), f = _heads * _headWidth, d = _headWidth;
        var qkv = _qkv.Forward(g, _attentionNorm.Forward(g, x));
        var attended = g.Zeros(n, f);
        float scale = (float)Scale;
        for (int v = 0; v < n; v++)
        {
            var row = qkv.Data.Slice(v * 3 * f, 3 * f);
            cache.Append(v, step, row.Slice(f, f), row.Slice(2 * f, f));
            for (int h = 0; h < _heads; h++)
            {
                cache.Attend(v, h, step, row.Slice(h * d, d), scale, attended.Data.Slice((v * f) + (h * d), d));
            }
        }

        x = g.Add(x, _output.Forward(g, attended));
        return g.Add(x, _down.Forward(g, g.Gelu(_up.Forward(g, _feedForwardNorm.Forward(g, x)))));
    }
}

using NeuralDx7.Nn;
using NeuralDx7.Nn.Layers;

namespace NeuralDx7.Model.Layers;

/// <summary>
/// One residual attention layer of the original: multi-head self-attention over all 155 positions (fused
/// QKV projection, scores divided by the square root of the number of heads, no output projection),
/// residual + LayerNorm, then a GELU feed-forward of width 3F, residual + LayerNorm without affine parameters.
/// </summary>
public sealed class AttentionLayer : Module<float>
{
    private readonly int _heads;
    private readonly Linear<float> _qkv, _up, _down;
    private readonly LayerNorm<float> _attentionNorm, _feedForwardNorm;

    public AttentionLayer(int heads, int headWidth, SeededRandom random)
    {
        _heads = heads;
        int f = heads * headWidth;
        _qkv = AddChild("qkv", new Linear<float>(f, 3 * f, random));
        _attentionNorm = AddChild("attentionNorm", new LayerNorm<float>(f));
        _up = AddChild("up", new Linear<float>(f, 3 * f, random));
        _down = AddChild("down", new Linear<float>(3 * f, f, random));
        _feedForwardNorm = AddChild("feedForwardNorm", new LayerNorm<float>(f, affine: false));
    }

    public Tensor<float> Forward(Graph<float> g, Tensor<float> x)
    {
        var merged = g.SelfAttention(_qkv.Forward(g, x), _heads, scale: 1 / Math.Sqrt(_heads));
        var h = _attentionNorm.Forward(g, g.Add(x, merged));
        var feedForward = _down.Forward(g, g.Gelu(_up.Forward(g, h)));
        return _feedForwardNorm.Forward(g, g.Add(h, feedForward));
    }
}

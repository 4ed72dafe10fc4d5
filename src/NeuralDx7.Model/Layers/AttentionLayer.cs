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
    private readonly int _heads, _width;
    private readonly Linear<float> _qkv, _up, _down;
    private readonly LayerNorm<float> _attentionNorm, _feedForwardNorm;

    public AttentionLayer(int heads, int headWidth, SeededRandom random)
    {
        _heads = heads;
        _width = headWidth;
        int f = heads * headWidth;
        _qkv = AddChild("qkv", new Linear<float>(f, 3 * f, random));
        _attentionNorm = AddChild("attentionNorm", new LayerNorm<float>(f));
        _up = AddChild("up", new Linear<float>(f, 3 * f, random));
        _down = AddChild("down", new Linear<float>(3 * f, f, random));
        _feedForwardNorm = AddChild("feedForwardNorm", new LayerNorm<float>(f, affine: false));
    }

    public Tensor<float> Forward(Graph<float> g, Tensor<float> x)
    {
        int batch = x.Dim(0), n = ModelConfig.Positions;

        // [B, N, 3F] -> [3, B, H, N, d]: queries, keys and values, one block each.
        var qkv = g.Permute(g.Reshape(_qkv.Forward(g, x), batch, n, 3, _heads, _width), 2, 0, 3, 1, 4);
        var q = g.Reshape(g.Slice(qkv, 0, 0, 1), batch, _heads, n, _width);
        var k = g.Reshape(g.Slice(qkv, 0, 1, 1), batch, _heads, n, _width);
        var v = g.Reshape(g.Slice(qkv, 0, 2, 1), batch, _heads, n, _width);

        var weights = g.Softmax(g.MatMul(q, k, transposeB: true), scale: 1 / Math.Sqrt(_heads));
        var attended = g.MatMul(weights, v);
        var merged = g.Reshape(g.Permute(attended, 0, 2, 1, 3), batch, n, _heads * _width);

        var h = _attentionNorm.Forward(g, g.Add(x, merged));
        var feedForward = _down.Forward(g, g.Gelu(_up.Forward(g, h)));
        return _feedForwardNorm.Forward(g, g.Add(h, feedForward));
    }
}

using NeuralDx7.Nn;
using NeuralDx7.Nn.Layers;

namespace NeuralDx7.Model.Layers;

/// <summary>
/// A stack of attention layers with a positional FiLM: before every layer (the original's encoder), or once before
/// the stack (the original's decoder, which also puts a conditional FiLM before each layer).
/// </summary>
public sealed class AttentionLayers : Module<float>
{
    private readonly PositionalFilm _film;
    private readonly AttentionLayer[] _layers;
    private readonly bool _filmBeforeEveryLayer;

    public AttentionLayers(int layers, int heads, int headWidth, SeededRandom random, bool filmBeforeEveryLayer, bool zeroFirstRow)
    {
        _filmBeforeEveryLayer = filmBeforeEveryLayer;
        _film = AddChild("film", new PositionalFilm(heads * headWidth, random, zeroFirstRow));
        _layers = [.. Enumerable.Range(0, layers).Select(i => AddChild($"layers.{i}", new AttentionLayer(heads, headWidth, random)))];
    }

    public int Count => _layers.Length;

    /// <summary>The positional FiLM's values, for passes that do not record (<see cref="Forward"/>'s last argument).</summary>
    public FilmValues PrecomputePositionalFilm(TensorPool<float> pool) => _film.Precompute(pool);

    /// <param name="beforeLayer">Applied before layer i, after a positional FiLM there (the decoder's conditioning), or null.</param>
    /// <param name="positionalFilm">The positional FiLM from <see cref="PrecomputePositionalFilm"/>, or null to compute it.</param>
    public Tensor<float> Forward(Graph<float> g, Tensor<float> x, Func<int, Tensor<float>, Tensor<float>>? beforeLayer = null, FilmValues? positionalFilm = null)
    {
        var (gamma, beta) = positionalFilm is null ? _film.Compute(g) : _film.Constants(g, positionalFilm);
        for (int i = 0; i < _layers.Length; i++)
        {
            if (i == 0 || _filmBeforeEveryLayer)
            {
                x = PositionalFilm.Apply(g, x, gamma, beta);
            }

            if (beforeLayer is not null)
            {
                x = beforeLayer(i, x);
            }

            x = _layers[i].Forward(g, x);
        }

        return x;
    }
}

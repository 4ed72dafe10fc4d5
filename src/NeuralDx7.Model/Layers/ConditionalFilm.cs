using NeuralDx7.Nn;
using NeuralDx7.Nn.Layers;

namespace NeuralDx7.Model.Layers;

/// <summary>
/// FiLM from the decoder's conditioning vectors c [B, 155, C]: a small GELU MLP (C -> 3C -> 2F) gives
/// gamma = sigmoid(.) and beta = tanh(.) per position; x becomes gamma * x + beta.
/// </summary>
public sealed class ConditionalFilm : Module<float>
{
    private readonly Linear<float> _hidden, _out;

    public ConditionalFilm(int conditioningWidth, int features, SeededRandom random)
    {
        _hidden = AddChild("hidden", new Linear<float>(conditioningWidth, 3 * conditioningWidth, random));
        _out = AddChild("out", new Linear<float>(3 * conditioningWidth, 2 * features, random));
    }

    public Tensor<float> Forward(Graph<float> g, Tensor<float> conditioning, Tensor<float> x) =>
        g.Film(x, _out.Forward(g, g.Gelu(_hidden.Forward(g, conditioning))));
}

using NeuralDx7.Nn;
using NeuralDx7.Nn.Layers;

namespace NeuralDx7.Model.Layers;

/// <summary>A FiLM's gamma and beta, [155, F] each, computed ahead of time.</summary>
public sealed record FilmValues(float[] Gamma, float[] Beta);

/// <summary>
/// Position by FiLM: a linear map of a fixed sinusoidal table gives, per position, gamma = sigmoid(.)
/// and beta = tanh(.); a layer's input X becomes gamma * X + beta. The original keeps the table's row 0 all zeros
/// (a padding position); <see cref="ModelArchitecture.Legacy"/> models have sin/cos(0) there.
/// </summary>
public sealed class PositionalFilm : Module<float>
{
    private readonly float[] _table;
    private readonly Linear<float> _map;
    private readonly int _features;

    public PositionalFilm(int features, SeededRandom random, bool zeroFirstRow)
    {
        _features = features;
        _table = SinusoidalTable(ModelConfig.Positions, features);
        if (zeroFirstRow)
        {
            _table.AsSpan(0, features).Clear();
        }

        _map = AddChild("map", new Linear<float>(features, 2 * features, random));
    }

    /// <summary>gamma and beta, [155, F] each; computed once per forward pass and shared by every layer.</summary>
    public (Tensor<float> Gamma, Tensor<float> Beta) Compute(Graph<float> g)
    {
        var film = _map.Forward(g, g.Constant(_table, ModelConfig.Positions, _features));
        return (g.Sigmoid(g.Slice(film, -1, 0, _features)), g.Tanh(g.Slice(film, -1, _features, _features)));
    }

    /// <summary>
    /// gamma and beta as plain values. They depend on the weights alone, so inference that runs many forward passes
    /// computes them once and hands them to <see cref="Constants"/>.
    /// </summary>
    public FilmValues Precompute(TensorPool<float> pool)
    {
        using var g = new Graph<float>(pool, recording: false, parallel: false);
        var (gamma, beta) = Compute(g);
        return new FilmValues(gamma.Data.ToArray(), beta.Data.ToArray());
    }

    /// <summary>Precomputed gamma and beta as constants of a graph that does not record.</summary>
    public (Tensor<float> Gamma, Tensor<float> Beta) Constants(Graph<float> g, FilmValues values)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(values);
        if (g.IsRecording)
        {
            throw new InvalidOperationException("Precomputed FiLM values carry no gradient; a training pass computes them.");
        }

        return (g.Constant(values.Gamma, ModelConfig.Positions, _features), g.Constant(values.Beta, ModelConfig.Positions, _features));
    }

    /// <summary>gamma * x + beta, broadcast over the batch.</summary>
    public static Tensor<float> Apply(Graph<float> g, Tensor<float> x, Tensor<float> gamma, Tensor<float> beta) =>
        g.MultiplyAdd(x, gamma, beta);

    /// <summary>The transformer's table: sin on even features, cos on odd, wavelengths from 2 pi to 10000 * 2 pi.</summary>
    private static float[] SinusoidalTable(int positions, int features)
    {
        var table = new float[positions * features];
        for (int p = 0; p < positions; p++)
        {
            for (int i = 0; i < features; i++)
            {
                double angle = p / Math.Pow(10000, 2.0 * (i / 2) / features);
                table[(p * features) + i] = (float)(i % 2 == 0 ? Math.Sin(angle) : Math.Cos(angle));
            }
        }

        return table;
    }
}

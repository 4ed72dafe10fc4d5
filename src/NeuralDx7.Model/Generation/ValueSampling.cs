using NeuralDx7.Nn;
using NeuralDx7.Voice;

namespace NeuralDx7.Model.Generation;

/// <summary>
/// How one parameter's value is drawn from the decoder's logits: the most likely value at temperature 0, else a draw
/// at <paramref name="Temperature"/> from the smallest set of values that holds <paramref name="TopP"/> of the
/// probability (nucleus sampling; 1 keeps every valid value). Only values in the parameter's range are ever drawn.
/// </summary>
/// <param name="Scale">Each position's temperature as a multiple of <paramref name="Temperature"/> (155 numbers); null: 1 for all.</param>
public readonly record struct ValueSampling(double Temperature, double TopP = 1, IReadOnlyList<double>? Scale = null)
{
    /// <summary>Refuses what cannot be drawn from: a negative temperature, a nucleus outside (0, 1], a scale of the wrong length.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Temperature);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(TopP);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(TopP, 1);
        if (Scale is not null && (Scale.Count != ModelConfig.Positions || Scale.Any(s => !(s >= 0) || double.IsInfinity(s))))
        {
            throw new ArgumentException($"A temperature scale holds {ModelConfig.Positions} numbers of at least 0, one per parameter.", nameof(Scale));
        }
    }

    /// <summary>The temperature the value at <paramref name="position"/> is drawn at.</summary>
    public double TemperatureAt(int position) => Scale is null ? Temperature : Temperature * Scale[position];

    /// <summary>Scratch a caller keeps per thread: probabilities, and their sorted copy for the nucleus.</summary>
    public static double[] NewScratch() => new double[2 * ModelConfig.Vocabulary];

    /// <summary>
    /// A parameter's value. The name takes its most likely letters at any temperature: drawn one by one, they spell nothing.
    /// </summary>
    public int Choose(ReadOnlySpan<float> logits, int position, SeededRandom random, double[] scratch)
    {
        double temperature = TemperatureAt(position);
        return temperature <= 0 || position >= Dx7Parameters.SoundCount
            ? Dx7Vae.MaskedArgmax(logits, position)
            : Draw(logits, position, temperature, random, scratch);
    }

    private int Draw(ReadOnlySpan<float> logits, int position, double temperature, SeededRandom random, double[] scratch)
    {
        var allowed = VoiceTokens.AllowedValues.AsSpan(position * ModelConfig.Vocabulary, ModelConfig.Vocabulary);
        var probabilities = scratch.AsSpan(0, logits.Length);
        double max = double.NegativeInfinity;
        for (int v = 0; v < logits.Length; v++)
        {
            if (allowed[v])
            {
                max = Math.Max(max, logits[v] / temperature);
            }
        }

        double sum = 0;
        for (int v = 0; v < logits.Length; v++)
        {
            probabilities[v] = allowed[v] ? Math.Exp((logits[v] / temperature) - max) : 0;
            sum += probabilities[v];
        }

        if (TopP < 1)
        {
            sum = KeepNucleus(probabilities, sum, scratch.AsSpan(logits.Length, logits.Length));
        }

        double u = random.NextDouble() * sum;
        int last = -1;
        for (int v = 0; v < logits.Length; v++)
        {
            if (probabilities[v] <= 0)
            {
                continue;
            }

            last = v;
            u -= probabilities[v];
            if (u < 0)
            {
                return v;
            }
        }

        return last; // rounding left a sliver: the last value kept
    }

    /// <summary>Zeroes every value below the nucleus's smallest probability and returns what is left's sum.</summary>
    private double KeepNucleus(Span<double> probabilities, double sum, Span<double> sorted)
    {
        probabilities.CopyTo(sorted);
        sorted.Sort();
        double wanted = TopP * sum, kept = 0, threshold = 0;
        for (int i = sorted.Length - 1; i >= 0 && kept < wanted; i--)
        {
            threshold = sorted[i];
            kept += threshold;
        }

        // Values tied with the smallest one kept stay in too: the draw never depends on the order of equal values.
        double left = 0;
        for (int v = 0; v < probabilities.Length; v++)
        {
            if (probabilities[v] < threshold)
            {
                probabilities[v] = 0;
            }

            left += probabilities[v];
        }

        return left;
    }
}

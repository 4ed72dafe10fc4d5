using NeuralDx7.Application.Live;
using NeuralDx7.Model.Generation;

namespace NeuralDx7.Application.Generation;

/// <summary>
/// Latents as numbers from 0 to 1, the original project's planned control: number i is a position along the training
/// voices' i-th principal axis, mapped through the normal's quantiles exactly as live mode's knob at i x 127 is, so
/// 0.5 is the middle of where real voices live and 0 and 1 about 2.7 deviations out.
/// </summary>
public static class UnitLatent
{
    /// <summary>The decoder's latent for unit numbers <paramref name="unit"/> (one per latent dimension, each 0-1).</summary>
    public static float[] ToLatent(LatentStatistics statistics, IReadOnlyList<double> unit)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(unit);
        Check(unit, statistics.Size);
        return statistics.ToLatent([.. unit.Select(u => StandardNormal.Quantile(((u * Knob) + 0.5) / (Knob + 1)))]);
    }

    /// <summary>The unit numbers of a latent: the inverse of <see cref="ToLatent"/>, clamped to 0-1.</summary>
    public static double[] FromLatent(LatentStatistics statistics, ReadOnlySpan<float> latent)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        return [.. statistics.FromLatent(latent).Select(c => Math.Clamp(((StandardNormal.Cdf(c) * (Knob + 1)) - 0.5) / Knob, 0, 1))];
    }

    /// <summary>A model's latent as unit numbers, or null when the model has no latent statistics to map it with.</summary>
    public static double[]? Of(ModelFolder model, ReadOnlySpan<float> latent)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.LatentStatistics is { } statistics ? FromLatent(statistics, latent) : null;
    }

    /// <summary>Refuses a latent of the wrong count of numbers or with one outside 0-1, naming which.</summary>
    public static void Check(IReadOnlyList<double> unit, int size)
    {
        ArgumentNullException.ThrowIfNull(unit);
        if (unit.Count != size)
        {
            throw new InvalidRequestException("Latent", $"must be {size} numbers from 0 to 1, one per latent dimension, not {unit.Count}.");
        }

        for (int i = 0; i < unit.Count; i++)
        {
            if (!double.IsFinite(unit[i]) || unit[i] < 0 || unit[i] > 1)
            {
                throw new InvalidRequestException("Latent", System.FormattableString.Invariant($"must be numbers from 0 to 1; number {i + 1} is {unit[i]}."));
            }
        }
    }

    // A knob's top value: 0-127 in MIDI.
    private const double Knob = 127;
}

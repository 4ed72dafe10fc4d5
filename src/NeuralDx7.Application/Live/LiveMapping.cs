using NeuralDx7.Model.Generation;

namespace NeuralDx7.Application.Live;

/// <summary>
/// Knobs to latent space: controller i moves along the data set's i-th principal axis. A value u (0-127) becomes
/// p = (u + 0.5) / 128, then the standard normal quantile of p, in standard deviations along that axis, so the
/// middle of a knob is the data set's mean and its ends about 2.7 deviations out. Controllers are the first
/// distinct CC numbers received, unless a map is given.
/// </summary>
public sealed class LiveMapping
{
    private readonly List<int> _controllers;
    private readonly bool _learning;
    private readonly double[] _coordinates;

    public LiveMapping(LatentStatistics statistics, IReadOnlyList<int>? controllers = null)
    {
        Statistics = statistics ?? throw new ArgumentNullException(nameof(statistics));
        if (controllers is not null && (controllers.Count > statistics.Size || controllers.Distinct().Count() != controllers.Count || controllers.Any(c => c is < 0 or > 127)))
        {
            throw new ArgumentException($"A controller map names up to {statistics.Size} distinct CC numbers (0-127).");
        }

        _controllers = controllers?.ToList() ?? [];
        _learning = controllers is null;
        _coordinates = new double[statistics.Size];
    }

    public LatentStatistics Statistics { get; }

    /// <summary>CC numbers in latent-dimension order, as learnt or given.</summary>
    public IReadOnlyList<int> Controllers => _controllers;

    /// <summary>Knob positions in standard deviations along each principal axis.</summary>
    public IReadOnlyList<double> Coordinates => _coordinates;

    /// <summary>The latent the knobs point at: what the decoder reads.</summary>
    public float[] Latent => Statistics.ToLatent(_coordinates);

    /// <summary>Applies a control change; returns whether it moved the latent (it belongs to a mapped knob).</summary>
    public bool Apply(int controller, int value)
    {
        int dimension = _controllers.IndexOf(controller);
        if (dimension < 0 && _learning && _controllers.Count < Statistics.Size)
        {
            _controllers.Add(controller);
            dimension = _controllers.Count - 1;
        }

        if (dimension < 0)
        {
            return false;
        }

        double coordinate = ToCoordinate(value);
        bool changed = coordinate != _coordinates[dimension];
        _coordinates[dimension] = coordinate;
        return changed;
    }

    /// <summary>The knob positions that point at <paramref name="latent"/>: the inverse, for sending to motorised controllers.</summary>
    public IReadOnlyList<(int Controller, int Value)> KnobsFor(ReadOnlySpan<float> latent)
    {
        var coordinates = Statistics.FromLatent(latent);
        return [.. _controllers.Select((controller, i) => (controller, ToValue(coordinates[i])))];
    }

    /// <summary>CC value to standard deviations: the normal quantile of (u + 0.5) / 128.</summary>
    public static double ToCoordinate(int value) => StandardNormal.Quantile((Math.Clamp(value, 0, 127) + 0.5) / 128);

    /// <summary>Standard deviations to the nearest CC value: the inverse of <see cref="ToCoordinate"/>.</summary>
    public static int ToValue(double coordinate) => Math.Clamp((int)Math.Round((StandardNormal.Cdf(coordinate) * 128) - 0.5), 0, 127);
}

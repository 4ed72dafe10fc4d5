using System.Globalization;
using System.Text;
using System.Text.Json;
using NeuralDx7.IO;

namespace NeuralDx7.Model.Generation;

/// <summary>Where a model folder keeps the latent statistics of its training voices.</summary>
public static class LatentStatisticsFile
{
    public const string Name = "latent-statistics.json";
}

/// <summary>
/// Where a data set's voices sit in the decoder's latent space: the mean, and the principal axes of their spread
/// (largest variance first) with the standard deviation along each. Live mode maps knob i to axis i, so the
/// first knob moves along the direction the voices vary most.
/// </summary>
public sealed class LatentStatistics
{
    public LatentStatistics(double[] mean, double[][] axes, double[] deviations, int count)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(axes);
        ArgumentNullException.ThrowIfNull(deviations);
        if (axes.Length != mean.Length || deviations.Length != mean.Length || axes.Any(a => a.Length != mean.Length))
        {
            throw new ArgumentException("Mean, axes and deviations must all have the latent size.");
        }

        Mean = mean;
        Axes = axes;
        Deviations = deviations;
        Count = count;
    }

    public double[] Mean { get; }

    /// <summary>Unit principal axes, largest variance first.</summary>
    public double[][] Axes { get; }

    /// <summary>Standard deviation of the voices along each axis.</summary>
    public double[] Deviations { get; }

    /// <summary>Voices measured.</summary>
    public int Count { get; }

    public int Size => Mean.Length;

    /// <summary>Mean, covariance and its eigenvectors (Jacobi rotations: exact for the small symmetric matrix of a latent).</summary>
    public static LatentStatistics Measure(IReadOnlyList<float[]> latents)
    {
        ArgumentNullException.ThrowIfNull(latents);
        if (latents.Count < 2)
        {
            throw new ArgumentException("Latent statistics need at least two voices.");
        }

        int n = latents[0].Length;
        var mean = new double[n];
        foreach (var z in latents)
        {
            for (int i = 0; i < n; i++)
            {
                mean[i] += z[i] / (double)latents.Count;
            }
        }

        var covariance = new double[n, n];
        foreach (var z in latents)
        {
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    covariance[i, j] += (z[i] - mean[i]) * (z[j] - mean[j]) / (latents.Count - 1);
                }
            }
        }

        var (values, vectors) = Statistics.SymmetricMatrix.Eigen(covariance);
        var order = Enumerable.Range(0, n).OrderByDescending(i => values[i]).ToArray();
        var axes = order.Select(k => Enumerable.Range(0, n).Select(i => vectors[i, k]).ToArray()).ToArray();
        foreach (var axis in axes)
        {
            // A sign convention, so the same data always gives the same knob directions.
            int largest = Enumerable.Range(0, n).MaxBy(i => Math.Abs(axis[i]));
            if (axis[largest] < 0)
            {
                for (int i = 0; i < n; i++)
                {
                    axis[i] = -axis[i];
                }
            }
        }

        return new LatentStatistics(mean, axes, [.. order.Select(k => Math.Sqrt(Math.Max(values[k], 0)))], latents.Count);
    }

    /// <summary>The latent at <paramref name="coordinates"/> standard deviations along each principal axis from the mean.</summary>
    public float[] ToLatent(ReadOnlySpan<double> coordinates)
    {
        var z = new float[Size];
        for (int i = 0; i < Size; i++)
        {
            double value = Mean[i];
            for (int k = 0; k < Size; k++)
            {
                value += coordinates[k] * Deviations[k] * Axes[k][i];
            }

            z[i] = (float)value;
        }

        return z;
    }

    /// <summary>The coordinates (standard deviations along each principal axis) of a latent: the inverse of <see cref="ToLatent"/>.</summary>
    public double[] FromLatent(ReadOnlySpan<float> latent)
    {
        var coordinates = new double[Size];
        for (int k = 0; k < Size; k++)
        {
            double projection = 0;
            for (int i = 0; i < Size; i++)
            {
                projection += (latent[i] - Mean[i]) * Axes[k][i];
            }

            coordinates[k] = Deviations[k] > 1e-12 ? projection / Deviations[k] : 0;
        }

        return coordinates;
    }

    public string ToJson() => JsonSerializer.Serialize(new LatentStatisticsJson(Count, Mean, Deviations, Axes), ModelJson.Default.LatentStatisticsJson);

    public void Save(string path, bool overwrite) => AtomicFile.Write(path, Encoding.UTF8.GetBytes(ToJson()), overwrite);

    public static LatentStatistics Load(string path)
    {
        const string What = "latent statistics";
        try
        {
            var f = ModelJson.Read(IO.BoundedFile.ReadAllBytes(path, 16 * 1024 * 1024, What), ModelJson.Default.LatentStatisticsJson, What);
            return new LatentStatistics(ModelJson.Required(f.Mean, "mean", What), ModelJson.Required(f.Axes, "axes", What),
                ModelJson.Required(f.Deviations, "deviations", What), ModelJson.Required(f.Count, "count", What));
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: {e.Message}; make them with Measure-Dx7Latent.", e);
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Count} voices, deviations along the axes {string.Join(' ', Deviations.Select(d => d.ToString("0.00", CultureInfo.InvariantCulture)))}");
}

namespace NeuralDx7.Model.Statistics;

/// <summary>The mean and covariance of a set of points: a Gaussian fitted by moments.</summary>
public sealed record GaussianFit(double[] Mean, double[,] Covariance)
{
    public int Size => Mean.Length;

    /// <summary>The sample mean and (n - 1)-normalised covariance of <paramref name="points"/>, all of one length.</summary>
    public static GaussianFit Of(IReadOnlyList<double[]> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count < 2)
        {
            throw new ArgumentException($"A Gaussian fit needs at least two points, not {points.Count}.", nameof(points));
        }

        int n = points[0].Length;
        var mean = new double[n];
        foreach (var x in points)
        {
            for (int i = 0; i < n; i++)
            {
                mean[i] += x[i] / points.Count;
            }
        }

        var covariance = new double[n, n];
        foreach (var x in points)
        {
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    covariance[i, j] += (x[i] - mean[i]) * (x[j] - mean[j]) / (points.Count - 1);
                }
            }
        }

        return new GaussianFit(mean, covariance);
    }

    /// <summary>
    /// The Fréchet (2-Wasserstein) distance between two Gaussians, as FID and Fréchet Audio Distance use it:
    /// |μa - μb|² + tr(Σa + Σb - 2 (Σa^½ Σb Σa^½)^½). The symmetric form of the cross term keeps it exact for
    /// singular covariances.
    /// </summary>
    public static double FrechetDistance(GaussianFit a, GaussianFit b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Size != b.Size)
        {
            throw new ArgumentException($"The fits have {a.Size} and {b.Size} dimensions.");
        }

        int n = a.Size;
        double mean = 0, trace = 0;
        for (int i = 0; i < n; i++)
        {
            mean += (a.Mean[i] - b.Mean[i]) * (a.Mean[i] - b.Mean[i]);
            trace += a.Covariance[i, i] + b.Covariance[i, i];
        }

        var rootA = SymmetricMatrix.SquareRoot(a.Covariance);
        var cross = SymmetricMatrix.SquareRoot(SymmetricMatrix.Multiply(SymmetricMatrix.Multiply(rootA, b.Covariance), rootA));
        for (int i = 0; i < n; i++)
        {
            trace -= 2 * cross[i, i];
        }

        return mean + Math.Max(trace, 0);
    }
}

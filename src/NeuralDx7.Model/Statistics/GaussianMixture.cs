using NeuralDx7.Nn;

namespace NeuralDx7.Model.Statistics;

/// <summary>
/// A mixture of full-covariance Gaussians in a few dimensions, fitted by expectation-maximisation (k-means++ seeds,
/// then EM with a small ridge on every covariance so no component collapses onto a point).
/// </summary>
public sealed class GaussianMixture
{
    private const double Ridge = 1e-4;

    // EM stops when an iteration gains less than this in mean log-likelihood per point (nats): far below what
    // separates one mixture size from the next.
    private const double ConvergedGain = 1e-4;

    // A point's share of a component below which it moves neither the component's mean nor its covariance measurably.
    private const double NegligibleResponsibility = 1e-9;
    private readonly double[] _cumulative;

    /// <param name="weights">Mixing weights, summing to 1.</param>
    /// <param name="means">One mean per component.</param>
    /// <param name="choleskyFactors">Per component, the lower-triangular factor L of its covariance L Lᵀ, row-major.</param>
    public GaussianMixture(double[] weights, double[][] means, double[][] choleskyFactors)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(choleskyFactors);
        if (weights.Length == 0 || means.Length != weights.Length || choleskyFactors.Length != weights.Length)
        {
            throw new ArgumentException("A mixture needs as many means and covariance factors as weights, and at least one component.");
        }

        Size = means[0].Length;
        for (int k = 0; k < weights.Length; k++)
        {
            if (means[k].Length != Size || choleskyFactors[k].Length != Size * Size)
            {
                throw new ArgumentException($"Component {k} does not have {Size} dimensions.");
            }

            if (!double.IsFinite(weights[k]) || weights[k] < 0 || means[k].Any(x => !double.IsFinite(x)) || choleskyFactors[k].Any(x => !double.IsFinite(x)))
            {
                throw new ArgumentException($"Component {k} has a weight, mean or covariance that is not a finite number.");
            }

            for (int i = 0; i < Size; i++)
            {
                if (!(choleskyFactors[k][(i * Size) + i] > 0))
                {
                    throw new ArgumentException($"Component {k}'s covariance is not positive definite.");
                }
            }
        }

        double total = weights.Sum();
        if (!(total > 0))
        {
            throw new ArgumentException("The mixing weights add up to nothing.");
        }

        Weights = [.. weights.Select(w => w / total)];
        Means = means;
        CholeskyFactors = choleskyFactors;
        _cumulative = new double[Weights.Length];
        double running = 0;
        for (int k = 0; k < Weights.Length; k++)
        {
            _cumulative[k] = running += Weights[k];
        }
    }

    public int Size { get; }

    public int Components => Weights.Length;

    public double[] Weights { get; }

    public double[][] Means { get; }

    public double[][] CholeskyFactors { get; }

    /// <summary>Draws one point: a component by weight, then its mean plus L times standard normal noise scaled by <paramref name="spread"/>.</summary>
    public void Sample(SeededRandom random, Span<double> point, double spread = 1)
    {
        ArgumentNullException.ThrowIfNull(random);
        double u = random.NextDouble();
        int k = Array.FindIndex(_cumulative, c => u < c);
        k = k < 0 ? Components - 1 : k;
        Span<double> noise = stackalloc double[Size];
        for (int i = 0; i < Size; i++)
        {
            noise[i] = random.NextNormal() * spread;
        }

        var l = CholeskyFactors[k];
        for (int i = 0; i < Size; i++)
        {
            double value = Means[k][i];
            for (int j = 0; j <= i; j++)
            {
                value += l[(i * Size) + j] * noise[j];
            }

            point[i] = value;
        }
    }

    /// <summary>The log-density of the mixture at <paramref name="point"/>.</summary>
    public double LogDensity(ReadOnlySpan<double> point)
    {
        Span<double> logs = stackalloc double[Components];
        for (int k = 0; k < Components; k++)
        {
            logs[k] = Math.Log(Math.Max(Weights[k], 1e-300)) + ComponentLogDensity(point, Means[k], CholeskyFactors[k], Size);
        }

        return LogSumExp(logs);
    }

    /// <summary>Mean log-density of <paramref name="points"/>: how well the mixture explains data it was not fitted to.</summary>
    public double MeanLogDensity(IReadOnlyList<double[]> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        double sum = 0;
        foreach (var x in points)
        {
            sum += LogDensity(x);
        }

        return sum / Math.Max(1, points.Count);
    }

    /// <summary>Fits <paramref name="components"/> Gaussians to <paramref name="points"/> by EM until the mean log-likelihood stops improving.</summary>
    public static GaussianMixture Fit(IReadOnlyList<double[]> points, int components, ulong seed, int maxIterations = 100,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentOutOfRangeException.ThrowIfLessThan(components, 1);
        if (points.Count < components * 2)
        {
            throw new ArgumentException($"{points.Count} points are too few for {components} components.", nameof(points));
        }

        int n = points.Count;
        var means = SeedMeans(points, components, new SeededRandom(seed));
        var factors = StartingFactors(points, components);
        var weights = Enumerable.Repeat(1.0 / components, components).ToArray();
        var responsibilities = new double[n * components];
        double previous = double.NegativeInfinity;
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            cancellation.ThrowIfCancellationRequested();
            double logLikelihood = Expectation(points, weights, means, factors, responsibilities);
            if (logLikelihood - previous < ConvergedGain)
            {
                break;
            }

            previous = logLikelihood;
            Parallel.For(0, components, k => Maximisation(points, responsibilities, components, k, weights, means, factors));
        }

        return new GaussianMixture(weights, means, factors);
    }

    // Every component starts as the whole cloud's covariance shared out among them, so none starts wider than the data.
    private static double[][] StartingFactors(IReadOnlyList<double[]> points, int components)
    {
        int d = points[0].Length;
        var overall = GaussianFit.Of(points);
        var covariance = new double[d * d];
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < d; j++)
            {
                covariance[(i * d) + j] = overall.Covariance[i, j] / components + (i == j ? Ridge : 0);
            }
        }

        var factors = new double[components][];
        for (int k = 0; k < components; k++)
        {
            factors[k] = new double[d * d];
            if (!SymmetricMatrix.TryCholesky(covariance, d, factors[k]))
            {
                throw new ArgumentException("The points have a degenerate covariance; they cannot be fitted.");
            }
        }

        return factors;
    }

    /// <summary>
    /// E step: each point's responsibilities, from log-densities through a log-sum-exp; returns the mean log-likelihood.
    /// Summed in order afterwards, so the stopping point, and the fit, do not depend on how the points were shared between cores.
    /// </summary>
    private static double Expectation(IReadOnlyList<double[]> points, double[] weights, double[][] means, double[][] factors, double[] responsibilities)
    {
        int n = points.Count, components = weights.Length, d = points[0].Length;
        var pointLikelihood = new double[n];
        Parallel.For(0, n, p =>
        {
            Span<double> logs = stackalloc double[components];
            for (int k = 0; k < components; k++)
            {
                logs[k] = Math.Log(Math.Max(weights[k], 1e-300)) + ComponentLogDensity(points[p], means[k], factors[k], d);
            }

            double total = LogSumExp(logs);
            for (int k = 0; k < components; k++)
            {
                responsibilities[(p * components) + k] = Math.Exp(logs[k] - total);
            }

            pointLikelihood[p] = total;
        });

        double logLikelihood = 0;
        foreach (double l in pointLikelihood)
        {
            logLikelihood += l;
        }

        return logLikelihood / n;
    }

    /// <summary>M step for component <paramref name="k"/>: its weight, mean and covariance from the responsibilities.</summary>
    private static void Maximisation(IReadOnlyList<double[]> points, double[] responsibilities, int components, int k, double[] weights, double[][] means, double[][] factors)
    {
        int n = points.Count, d = points[0].Length;
        double mass = 0;
        var mean = new double[d];
        for (int p = 0; p < n; p++)
        {
            double r = responsibilities[(p * components) + k];
            if (r < NegligibleResponsibility)
            {
                continue; // most points are far from most components: skipping them is most of the M step's speed
            }

            mass += r;
            for (int i = 0; i < d; i++)
            {
                mean[i] += r * points[p][i];
            }
        }

        if (mass < 1e-9)
        {
            weights[k] = 0; // an empty component keeps its last shape and no longer draws points
            return;
        }

        for (int i = 0; i < d; i++)
        {
            mean[i] /= mass;
        }

        var c = new double[d * d];
        for (int p = 0; p < n; p++)
        {
            double r = responsibilities[(p * components) + k];
            if (r < NegligibleResponsibility)
            {
                continue;
            }

            for (int i = 0; i < d; i++)
            {
                double di = points[p][i] - mean[i];
                for (int j = 0; j <= i; j++)
                {
                    c[(i * d) + j] += r * di * (points[p][j] - mean[j]);
                }
            }
        }

        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                c[(i * d) + j] = c[(j * d) + i] = (c[(i * d) + j] / mass) + (i == j ? Ridge : 0);
            }
        }

        weights[k] = mass / n;
        means[k] = mean;
        var factor = new double[d * d];
        if (SymmetricMatrix.TryCholesky(c, d, factor))
        {
            factors[k] = factor;
        }
    }

    // k-means++: each seed is drawn with probability proportional to its squared distance from the nearest seed so far.
    private static double[][] SeedMeans(IReadOnlyList<double[]> points, int components, SeededRandom random)
    {
        var means = new double[components][];
        var nearest = Enumerable.Repeat(double.PositiveInfinity, points.Count).ToArray();
        means[0] = (double[])points[random.NextInt(points.Count)].Clone();
        for (int k = 1; k < components; k++)
        {
            double total = 0;
            for (int p = 0; p < points.Count; p++)
            {
                nearest[p] = Math.Min(nearest[p], SquaredDistance(points[p], means[k - 1]));
                total += nearest[p];
            }

            double u = random.NextDouble() * total;
            int chosen = points.Count - 1;
            for (int p = 0; p < points.Count; p++)
            {
                u -= nearest[p];
                if (u < 0)
                {
                    chosen = p;
                    break;
                }
            }

            means[k] = (double[])points[chosen].Clone();
        }

        return means;
    }

    private static double SquaredDistance(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }

        return sum;
    }

    // log N(x; μ, L Lᵀ) = -½|L⁻¹(x - μ)|² - Σ log L_ii - (d/2) log 2π, by forward substitution.
    private static double ComponentLogDensity(ReadOnlySpan<double> x, double[] mean, double[] lower, int d)
    {
        Span<double> y = stackalloc double[d];
        double squared = 0, logDeterminant = 0;
        for (int i = 0; i < d; i++)
        {
            double value = x[i] - mean[i];
            for (int j = 0; j < i; j++)
            {
                value -= lower[(i * d) + j] * y[j];
            }

            y[i] = value / lower[(i * d) + i];
            squared += y[i] * y[i];
            logDeterminant += Math.Log(lower[(i * d) + i]);
        }

        return (-0.5 * squared) - logDeterminant - (0.5 * d * Math.Log(2 * Math.PI));
    }

    private static double LogSumExp(ReadOnlySpan<double> values)
    {
        double max = double.NegativeInfinity;
        foreach (double v in values)
        {
            max = Math.Max(max, v);
        }

        if (double.IsNegativeInfinity(max))
        {
            return max;
        }

        double sum = 0;
        foreach (double v in values)
        {
            sum += Math.Exp(v - max);
        }

        return max + Math.Log(sum);
    }
}

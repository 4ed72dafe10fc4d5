using System.Globalization;
using System.Text;
using NeuralDx7.Model.Generation;
using NeuralDx7.Model.Statistics;

namespace NeuralDx7.Application.Reports;

/// <summary>Small SVG plots for the report: envelopes in time, and the latent map.</summary>
public static class Plots
{
    /// <summary>
    /// A trace (one value per <paramref name="step"/> seconds) as a polyline from <paramref name="low"/> to
    /// <paramref name="high"/>, with a mark where the key goes up.
    /// </summary>
    public static string Envelope(IReadOnlyList<double> trace, double step, double keyUpSeconds, double low, double high, string kind, string label)
    {
        ArgumentNullException.ThrowIfNull(trace);
        const int width = 120, height = 36;
        double seconds = trace.Count * step;
        int stride = Math.Max(1, trace.Count / width);
        var points = new StringBuilder();
        for (int i = 0; i < trace.Count; i += stride)
        {
            double x = i * step / seconds * width;
            double y = height - ((Math.Clamp(trace[i], low, high) - low) / (high - low) * (height - 2)) - 1;
            points.Append(Invariant($"{x:0.#},{y:0.#} "));
        }

        double up = keyUpSeconds / seconds * width;
        return Invariant($"<svg class=\"envelope {kind}\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{label}\">")
            + Invariant($"<title>{label}</title><line class=\"keyup\" x1=\"{up:0.#}\" y1=\"0\" x2=\"{up:0.#}\" y2=\"{height}\"/>")
            + $"<polyline points=\"{points.ToString().TrimEnd()}\"/></svg>";
    }

    /// <summary>
    /// The latent space's first two principal axes: the density of the training voices (the fitted prior, projected) as
    /// shading, and each voice as a numbered dot. Coordinates are in standard deviations along each axis.
    /// </summary>
    public static string LatentMap(LatentStatistics statistics, LatentPrior? prior, IReadOnlyList<float[]> latents)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(latents);
        const int size = 240, grid = 40;
        const double extent = 3.5;
        double Pixel(double coordinate) => (coordinate + extent) / (2 * extent) * size;
        var svg = new StringBuilder(Invariant($"<svg class=\"latent-map\" viewBox=\"0 0 {size} {size}\" width=\"{size}\" height=\"{size}\" role=\"img\" aria-label=\"Where the voices are in the model's latent space\">"));
        svg.Append("<title>The voices on the latent space's first two principal axes, over the density of the training voices</title>");
        if (prior?.Mixture is GaussianMixture mixture)
        {
            var density = ProjectedDensity(statistics, mixture, grid, extent);
            double max = density.Cast<double>().Max();
            double cell = (double)size / grid;
            for (int i = 0; i < grid; i++)
            {
                for (int j = 0; j < grid; j++)
                {
                    double shade = Math.Sqrt(density[i, j] / max);
                    if (shade > 0.03)
                    {
                        svg.Append(Invariant($"<rect class=\"density\" x=\"{i * cell:0.#}\" y=\"{size - ((j + 1) * cell):0.#}\" width=\"{cell + 0.5:0.#}\" height=\"{cell + 0.5:0.#}\" fill-opacity=\"{shade:0.##}\"/>"));
                    }
                }
            }
        }

        svg.Append(Invariant($"<line class=\"axis\" x1=\"0\" y1=\"{size / 2}\" x2=\"{size}\" y2=\"{size / 2}\"/><line class=\"axis\" x1=\"{size / 2}\" y1=\"0\" x2=\"{size / 2}\" y2=\"{size}\"/>"));
        for (int v = 0; v < latents.Count; v++)
        {
            var c = statistics.FromLatent(latents[v]);
            double x = Pixel(Math.Clamp(c[0], -extent, extent)), y = size - Pixel(Math.Clamp(c[1], -extent, extent));
            svg.Append(Invariant($"<a href=\"#voice-{v}\"><circle class=\"voice\" data-voice=\"{v}\" cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"5\"><title>voice {v}</title></circle>"));
            svg.Append(Invariant($"<text x=\"{x:0.#}\" y=\"{y + 3:0.#}\">{v}</text></a>"));
        }

        return svg.Append("</svg>").ToString();
    }

    // The mixture seen on the plane of the first two axes: each component's mean and covariance projected onto it.
    private static double[,] ProjectedDensity(LatentStatistics statistics, GaussianMixture mixture, int grid, double extent)
    {
        int d = statistics.Size;
        var density = new double[grid, grid];
        for (int k = 0; k < mixture.Components; k++)
        {
            var l = mixture.CholeskyFactors[k];
            // P: the two axes scaled to standard deviations. Projected mean P(μ - mean), covariance P L Lᵀ Pᵀ.
            var p = new double[2, d];
            for (int a = 0; a < 2; a++)
            {
                for (int i = 0; i < d; i++)
                {
                    p[a, i] = statistics.Axes[a][i] / Math.Max(statistics.Deviations[a], 1e-9);
                }
            }

            double mx = 0, my = 0;
            for (int i = 0; i < d; i++)
            {
                mx += p[0, i] * (mixture.Means[k][i] - statistics.Mean[i]);
                my += p[1, i] * (mixture.Means[k][i] - statistics.Mean[i]);
            }

            var pl = new double[2, d]; // P L
            for (int a = 0; a < 2; a++)
            {
                for (int j = 0; j < d; j++)
                {
                    for (int i = j; i < d; i++)
                    {
                        pl[a, j] += p[a, i] * l[(i * d) + j];
                    }
                }
            }

            double sxx = 1e-6, syy = 1e-6, sxy = 0;
            for (int j = 0; j < d; j++)
            {
                sxx += pl[0, j] * pl[0, j];
                syy += pl[1, j] * pl[1, j];
                sxy += pl[0, j] * pl[1, j];
            }

            double det = (sxx * syy) - (sxy * sxy), norm = mixture.Weights[k] / (2 * Math.PI * Math.Sqrt(det));
            for (int i = 0; i < grid; i++)
            {
                for (int j = 0; j < grid; j++)
                {
                    double x = -extent + ((i + 0.5) * 2 * extent / grid) - mx, y = -extent + ((j + 0.5) * 2 * extent / grid) - my;
                    double q = ((syy * x * x) - (2 * sxy * x * y) + (sxx * y * y)) / det;
                    density[i, j] += norm * Math.Exp(-0.5 * q);
                }
            }
        }

        return density;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

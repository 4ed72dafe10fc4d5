namespace NeuralDx7.Application.Live;

/// <summary>The standard normal CDF and its inverse, for mapping knob positions to latent coordinates.</summary>
public static class StandardNormal
{
    /// <summary>Phi(x) = (1 + erf(x / sqrt 2)) / 2, to double precision.</summary>
    public static double Cdf(double x) => 0.5 * (1 + Nn.Kernels.Erf.Double(x / Math.Sqrt(2)));

    /// <summary>The x with Phi(x) = p, for p in (0, 1): bisection to bracket, then Newton steps to full precision.</summary>
    public static double Quantile(double p)
    {
        if (!(p > 0 && p < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), "A probability strictly between 0 and 1 is needed.");
        }

        double low = -40, high = 40;
        for (int i = 0; i < 60; i++)
        {
            double middle = (low + high) / 2;
            (low, high) = Cdf(middle) < p ? (middle, high) : (low, middle);
        }

        double x = (low + high) / 2;
        for (int i = 0; i < 3; i++)
        {
            double density = Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI);
            if (density < 1e-300)
            {
                break;
            }

            x -= (Cdf(x) - p) / density;
        }

        return x;
    }
}

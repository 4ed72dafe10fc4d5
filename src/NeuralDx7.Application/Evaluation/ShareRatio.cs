namespace NeuralDx7.Application.Evaluation;

/// <summary>A range a figure lies in with 95% confidence.</summary>
public readonly record struct Interval(double Low, double High);

/// <summary>How sure a ratio of two shares is, when each share is hits among a few voices.</summary>
public static class ShareRatio
{
    private const double Z95 = 1.959964;

    /// <summary>
    /// The 95% interval of (hits / voices) / (referenceHits / referenceVoices) by the log method (Katz et al., 1978): the
    /// ratio's logarithm is near normal with variance (1 - p) / hits + (1 - q) / referenceHits. With no hits the ratio is 0
    /// and so is the low end; the high end is the one half a hit would have. Null when the reference has no hits (no ratio).
    /// </summary>
    public static Interval? Of(int hits, int voices, int referenceHits, int referenceVoices)
    {
        if (voices <= 0 || referenceVoices <= 0 || referenceHits <= 0)
        {
            return null;
        }

        double a = Math.Max(hits, 0.5), b = referenceHits;
        double p = a / voices, q = b / referenceVoices;
        double spread = Z95 * Math.Sqrt(((1 - p) / a) + ((1 - q) / b));
        double logRatio = Math.Log(p / q);
        return new Interval(hits <= 0 ? 0 : Math.Exp(logRatio - spread), Math.Exp(logRatio + spread));
    }
}
